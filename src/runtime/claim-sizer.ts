/**
 * Outputs one batch may pile up in memory before they are committed (at
 * least `batch_size`). A parser turns one report into thousands of events:
 * a batch of 100 reports once held ~100,000 events (500 MB) at a time.
 */
export const OUTPUTS_PER_BATCH = 1000;

/**
 * How many messages the next claim takes: `batch_size`, unless the fan-out
 * seen in the last batch (outputs per input) would make more than
 * OUTPUTS_PER_BATCH outputs. Experts keep full batches; parsers take as many
 * reports as make about that many events, and start with one report.
 */
export class ClaimSizer {
  private readonly outputsPerBatch: number;
  private fanOut: number;

  constructor(private readonly batchSize: number, startWithOne: boolean) {
    this.outputsPerBatch = Math.max(batchSize, OUTPUTS_PER_BATCH);
    this.fanOut = startWithOne ? this.outputsPerBatch : 1;
  }

  next(): number {
    return Math.min(this.batchSize, Math.max(1, Math.floor(this.outputsPerBatch / Math.max(1, this.fanOut))));
  }

  observe(inputs: number, outputs: number): void {
    if (inputs > 0) this.fanOut = outputs / inputs;
  }
}
