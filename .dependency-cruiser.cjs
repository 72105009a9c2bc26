// Import rules checked by `npm test` (depcruise): no cycles, and every layer imports only the layers
// below it: core < profiles < classifiers < ingest < pipeline < cli (tools and tests may use anything).
const above = (layers) => `^(${layers.join('|')})/`;
const layer = (name, forbidden) => ({
  name: `${name}-imports-below-only`,
  severity: 'error',
  comment: `${name}/ must not import ${forbidden.join(', ')}`,
  from: { path: `^${name}/`, pathNot: '\\.test\\.tsx?$' },
  to: { path: above(forbidden) },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    layer('core', ['profiles', 'classifiers', 'ingest', 'pipeline', 'review-ui', 'cli', 'tools', 'test']),
    layer('profiles', ['classifiers', 'ingest', 'pipeline', 'review-ui', 'cli', 'tools', 'test']),
    layer('classifiers', ['ingest', 'pipeline', 'review-ui', 'cli', 'tools', 'test']),
    layer('ingest', ['pipeline', 'review-ui', 'cli', 'tools', 'test']),
    layer('pipeline', ['review-ui', 'cli', 'tools', 'test']),
    layer('review-ui', ['cli', 'tools', 'test']),
    {
      name: 'product-not-on-tests',
      severity: 'error',
      comment: 'product code must not import tests or test fixtures',
      from: {
        path: '^(core|profiles|classifiers|ingest|pipeline|review-ui|cli)/',
        pathNot: '\\.test\\.tsx?$',
      },
      to: { path: '^test/' },
    },
    {
      name: 'test-family-apart',
      severity: 'error',
      comment:
        'the independent test family (tools/testset) is read only by the evaluation: never by training, rules or tests of rules',
      from: { pathNot: '^tools/(testset/|eval\\.ts$)' },
      to: { path: '^tools/testset/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|data|tmp)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.mjs', '.js'] },
  },
};
