// The seeded CloudTrail data generator: demo data, test fixtures and benchmark data.
export {
  generateDeliveries,
  expectedCounts,
  type GeneratedFile,
  type GenerationStats,
} from "./deliveries";
export { plantedBursts, type PlantedBurst } from "./bursts";
export { PRESETS, preset, type GeneratorOptions, type PresetName } from "./options";
