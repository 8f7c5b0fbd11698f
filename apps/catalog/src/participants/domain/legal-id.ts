// The BIN/IIN format belongs to the participant contract (libs/contracts): other services and the
// test tiers generate and check legal ids with the same rule.
export { isValidLegalId, withCheckDigit } from '@dx/contracts';
