/**
 * Source weights and numeric parameters as functions of the step (within the current phase).
 * The weight of a source is the probability that it joins a prefix's pool; 0 means it is neither
 * generated nor judged.
 */
export interface Curriculum {
  readonly name: string;
  sourceWeight(source: string, step: number): number;
  /** A scheduled numeric parameter (e.g. `temperature`, `beta`), or undefined if not scheduled. */
  value(parameter: string, step: number): number | undefined;
}
