import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Only core/queue.ts talks to BullMQ (style rule 5).
      'no-restricted-imports': ['error', { paths: [{ name: 'bullmq', message: 'Use core/queue.ts.' }] }],
    },
  },
  { files: ['core/queue.ts'], rules: { 'no-restricted-imports': 'off' } },
);
