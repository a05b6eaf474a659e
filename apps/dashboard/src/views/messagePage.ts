import { html } from './html';
import { page, type PageViewer } from './layout';

/** A short page for an error or a refusal. */
export function messagePage(title: string, message: string, who: PageViewer | null): string {
  return page(title, '', who, html`<h1>${title}</h1><p>${message}</p>`);
}
