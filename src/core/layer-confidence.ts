/**
 * How the names of a reading's layers are shown: a name the evidence does not prove reads "probably
 * <name>" wherever it appears (the popup, the options page's history, the operators' report).
 */
import type { LayerId } from './layer';

/**
 * A tab's reading, or a history entry's (which keeps only `confidence`). Absent fields read as sure:
 * states and records stored before confidence was kept showed their names plainly, and their evidence
 * is not kept to be read again (a tab's next failing check reads it anew).
 */
export interface NamedReading {
  layer: LayerId;
  confidence?: string;
  probable?: readonly LayerId[];
}

export interface LayerNames {
  /** The layer that wrote the error, "probably" unless its own evidence shows it did. */
  answeredBy: string;
  /** Any layer of the chain, "probably" when named only on wording others share. */
  of(layer: string): string;
}

/** Whether the name of the layer that wrote the error is only probable. */
export const isProbable = (reading: Pick<NamedReading, 'confidence'>): boolean =>
  reading.confidence === 'probable';

/** The reading's names, with `probably` wrapping the unproven ones (a whole phrase, per language). */
export function layerNames(
  reading: NamedReading,
  name: (layer: string) => string,
  probably: (name: string) => string,
): LayerNames {
  const unsure = new Set<string>(reading.probable ?? []);
  return {
    answeredBy: isProbable(reading) ? probably(name(reading.layer)) : name(reading.layer),
    of: (layer) => (unsure.has(layer) ? probably(name(layer)) : name(layer)),
  };
}
