import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'tmp/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Only core/queue/ talks to BullMQ (style rule 5).
      'no-restricted-imports': ['error', { paths: [{ name: 'bullmq', message: 'Use core/queue/.' }] }],
    },
  },
  { files: ['core/queue/*.ts'], rules: { 'no-restricted-imports': 'off' } },
);
