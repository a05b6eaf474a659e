/**
 * HTML built safely by default: `html` escapes every interpolated value unless it is already
 * SafeHtml (the result of another `html`), so data from queues, S3 or a pasted line can never
 * become markup.
 */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const AMP = 38;
const LT = 60;
const GT = 62;
const QUOTE = 34;
const APOSTROPHE = 39;

/** Escapes the five characters that matter in text and in quoted attribute values. */
export function escapeHtml(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let entity: string;
    if (code === AMP) entity = '&amp;';
    else if (code === LT) entity = '&lt;';
    else if (code === GT) entity = '&gt;';
    else if (code === QUOTE) entity = '&quot;';
    else if (code === APOSTROPHE) entity = '&#39;';
    else continue;
    out += text.slice(last, i) + entity;
    last = i + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: literal parts are trusted markup, every `${value}` is escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}
