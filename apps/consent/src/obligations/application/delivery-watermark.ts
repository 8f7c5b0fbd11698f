/**
 * Whether consent has seen every completed delivery that happened before a moment: an obligation
 * may be declared missed only then, or a delivery made in time but consumed late (consent was
 * down, the broker was away) would find its obligation missed and fulfil the next one instead.
 */
export interface DeliveryWatermark {
  /** True when every delivery event published before `before` has been consumed. */
  consumedUpTo(before: Date): Promise<boolean>;
}

export const DELIVERY_WATERMARK = Symbol('DELIVERY_WATERMARK');
