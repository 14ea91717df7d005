/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  // Temporal servers and bundling take seconds; each file tears down what it starts.
  testTimeout: 60_000,
  setupFiles: ['<rootDir>/test/setup.ts'],
};
