// The seeded CloudTrail data generator: demo data, test fixtures and benchmark data.
export {
  generateDeliveries,
  expectedCounts,
  type GeneratedFile,
  type GenerationStats,
} from "./deliveries";
export { plantedBursts, type PlantedBurst } from "./bursts";
export { PRESETS, preset, type GeneratorOptions, type PresetName } from "./options";
export {
  PUBLIC_KEYS_PATH,
  demoSigner,
  publicKeysFile,
  signedDeliveries,
  type Signer,
} from "./signing";
export { DEMO_KEY_FINGERPRINT, DEMO_PUBLIC_KEY } from "./demoKey";
