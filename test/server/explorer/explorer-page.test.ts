import { explorerHtml, prefersHtml } from '../../../src/server/explorer/explorer-page.js';

describe('prefersHtml', () => {
  test.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['text/html', true],
    ['application/graphql-response+json, application/json;q=0.9', false],
    ['application/json', false],
    ['*/*', false],
    ['', false],
    ['text/html;q=0.5, application/json', false],
    ['application/json;q=0.5, text/html', true],
    ['text/html;q=0', false],
  ])('%j: %s', (accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });
});

describe('explorerHtml', () => {
  test('the configuration cannot end its script element, whatever it holds', () => {
    const html = explorerHtml({ script: 'main-A.js', stylesheet: 'main-B.css' }, { graphqlPath: '/graphql', devTokens: [{ role: '</script><script>alert(1)</script>', token: 't' }] });
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).toContain('src="/explorer/assets/main-A.js"');
    expect(html).toContain('href="/explorer/assets/main-B.css"');
  });
});
