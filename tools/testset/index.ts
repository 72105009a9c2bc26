// The independent test family (issue 12): letters written apart from the training generator, for
// `npm run eval` (tools/eval.ts). Only tools may import this folder.
export { makeTestLetter, kindOf, pageText, unitForFileref } from './family.ts';
export type { Kind, TestLetterSpec, TestMeta, TestTruth, Variant } from './family.ts';
export { letterSeed, writeTestCorpus, type TestTruthLine } from './corpus.ts';
export { testVectorPdf } from './render.ts';
export { ibanValid } from './iban.ts';
