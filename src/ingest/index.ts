// The public face of src/ingest: what workers and tests call.
export * from "./chunk";
export { MAX_TEXT_BYTES, bytesToText, decodeBytes, gunzip, isGzip, type Decoded } from "./decode";
export { eventKeyOf, parseEventTime, text } from "./fields";
export { insightRecordOf, isInsight } from "./insight";
export { parseBatch, readRecord, readRecords, searchRecords, type BatchInput } from "./parse";
export { principalOf } from "./principal";
export {
  describeJsonError,
  detectShape,
  digestSummary,
  isDigest,
  isEventBridgeEnvelope,
  looksLikeRecord,
  recordOf,
  shapeOfValue,
  type Located,
  type RecordList,
  type Unwrap,
} from "./shape";
