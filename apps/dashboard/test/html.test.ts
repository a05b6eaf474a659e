/** Escaping: every interpolated value in a page is text, never markup. */
import { escapeHtml, html, SafeHtml } from '../src/views/html';

describe('escapeHtml', () => {
  it.each([
    ['plain text', 'plain text'],
    ['<script>alert("x")</script>', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'],
    ["it's & that", 'it&#39;s &amp; that'],
    ['&amp;', '&amp;amp;'],
    ['', ''],
    ['ünïcödé ✓', 'ünïcödé ✓'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeHtml(text)).toBe(escaped);
  });
});

describe('html', () => {
  it('escapes interpolated strings and numbers but keeps its own markup', () => {
    expect(html`<a href="${'/q?a=1&b="2"'}">${'<b>'}</a> ${42}`.text).toBe('<a href="/q?a=1&amp;b=&quot;2&quot;">&lt;b&gt;</a> 42');
  });

  it('inserts nested html as is, and arrays joined', () => {
    const items = ['<1>', '<2>'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>`.text).toBe('<ul><li>&lt;1&gt;</li><li>&lt;2&gt;</li></ul>');
  });

  it('renders nothing for null, undefined and booleans', () => {
    expect(html`[${null}${undefined}${false}${true}]`.text).toBe('[]');
  });

  it('inserts a SafeHtml constant as is', () => {
    expect(html`<style>${new SafeHtml('a>b{}')}</style>`.text).toBe('<style>a>b{}</style>');
  });
});
