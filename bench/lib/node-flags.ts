/**
 * The Node flags `npm start` and the Docker image run the server with (test/runtime-flags.test.ts keeps the
 * three equal). The bare proxy gets them too, so the comparison stays like for like.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32'];
