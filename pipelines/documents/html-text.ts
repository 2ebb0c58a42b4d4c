/**
 * Plain text from an HTML tree (parse5): each block element its own paragraph (separated by a
 * blank line, as the extractor reads paragraphs), `<br>` a line break, list items marked `- ` or
 * `1. `, a table row one line with its cells separated by tabs so numbers never run together.
 * Page furniture is left out: scripts, styles, navigation, headers, footers, asides, forms,
 * hidden elements, and menus (lists and blocks that are mostly links).
 */
import type { DefaultTreeAdapterMap } from 'parse5';

export type HtmlNode = DefaultTreeAdapterMap['node'];
export type HtmlElement = DefaultTreeAdapterMap['element'];

const SKIPPED = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'button',
  'select',
  'textarea',
  'iframe',
  'svg',
  'canvas',
  'menu',
  'object',
  'embed',
  'video',
  'audio',
  'map',
  'img',
  'picture',
]);
const SKIPPED_ROLES = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'complementary',
  'menu',
  'menubar',
  'search',
  'dialog',
  'toolbar',
]);
const BLOCKS = new Set([
  'address',
  'article',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'html',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
]);
/** Containers judged by their links: a menu or a related-headline list is mostly link text. */
const LINK_LISTS = new Set(['ul', 'ol', 'dl', 'table', 'div', 'section', 'p']);
const MENU_LINK_SHARE = 0.7;
const MENU_MIN_LINKS = 3;

export function isElement(node: HtmlNode): node is HtmlElement {
  return 'tagName' in node;
}

export function attributeOf(element: HtmlElement, name: string): string | undefined {
  return element.attrs.find((attribute) => attribute.name === name)?.value;
}

/** Whether an element is page furniture or hidden, and never part of the text. */
export function isFurniture(element: HtmlElement): boolean {
  if (SKIPPED.has(element.tagName)) return true;
  const role = attributeOf(element, 'role');
  if (role && SKIPPED_ROLES.has(role.toLowerCase())) return true;
  if (attributeOf(element, 'hidden') !== undefined || attributeOf(element, 'aria-hidden') === 'true') return true;
  if (/(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(attributeOf(element, 'style') ?? '')) return true;
  if (LINK_LISTS.has(element.tagName)) {
    const { text, linkText, links } = measureLinks(element);
    if (links >= MENU_MIN_LINKS && linkText >= MENU_LINK_SHARE * text) return true;
  }
  return false;
}

/** The characters of text under an element, and how many of them are inside links. */
export function measureLinks(node: HtmlNode, inLink = false): { text: number; linkText: number; links: number } {
  if (node.nodeName === '#text' && 'value' in node) {
    const length = node.value.replace(/\s+/g, '').length;
    return { text: length, linkText: inLink ? length : 0, links: 0 };
  }
  if (!('childNodes' in node) || (isElement(node) && (node.tagName === 'script' || node.tagName === 'style')))
    return { text: 0, linkText: 0, links: 0 };
  const isLink = isElement(node) && node.tagName === 'a';
  const total = { text: 0, linkText: 0, links: isLink ? 1 : 0 };
  for (const child of node.childNodes) {
    const measured = measureLinks(child, inLink || isLink);
    total.text += measured.text;
    total.linkText += measured.linkText;
    total.links += measured.links;
  }
  return total;
}

/** Renders the text under a node. */
export function renderText(root: HtmlNode): string {
  const writer = new TextWriter();
  writer.visit(root);
  return writer.finish();
}

class TextWriter {
  private readonly paragraphs: string[] = [];
  private lines: string[] = [];
  private line = '';
  private prefix = '';
  private cellDepth = 0;
  private preDepth = 0;

  visit(node: HtmlNode): void {
    if (node.nodeName === '#text' && 'value' in node) {
      this.write(this.preDepth > 0 ? node.value : node.value.replace(/[ \t\n\r\f]+/g, ' '));
      return;
    }
    if (!isElement(node)) {
      if ('childNodes' in node) node.childNodes.forEach((child) => this.visit(child));
      return;
    }
    if (isFurniture(node)) return;
    const tag = node.tagName;
    if (tag === 'br') return this.breakLine();
    if (tag === 'td' || tag === 'th') return this.visitCell(node);
    const block = BLOCKS.has(tag) && this.cellDepth === 0;
    if (block) this.breakParagraph();
    else if (BLOCKS.has(tag)) this.write(' ');
    if (tag === 'li' && this.cellDepth === 0) this.prefix = listMarker(node);
    if (tag === 'pre') this.preDepth++;
    node.childNodes.forEach((child) => this.visit(child));
    if (tag === 'pre') this.preDepth--;
    if (block) this.breakParagraph();
  }

  finish(): string {
    this.breakParagraph();
    return this.paragraphs.join('\n\n');
  }

  private visitCell(cell: HtmlElement): void {
    if (this.cellDepth === 0 && this.line.trim() !== '') this.line = `${this.line.trimEnd()}\t`;
    this.cellDepth++;
    cell.childNodes.forEach((child) => this.visit(child));
    this.cellDepth--;
  }

  private write(text: string): void {
    if (text.trim() !== '' && this.prefix) {
      this.line += this.prefix;
      this.prefix = '';
    }
    this.line += text;
  }

  private breakLine(): void {
    if (this.preDepth > 0 || this.cellDepth === 0) {
      this.lines.push(this.line);
      this.line = '';
    } else this.write(' ');
  }

  private breakParagraph(): void {
    this.lines.push(this.line);
    const lines = this.lines
      .flatMap((line) => line.split('\n'))
      .map((line) => line.replace(/ +\t/g, '\t').replace(/\t +/g, '\t').trim());
    const text = lines.filter((line) => line !== '').join('\n');
    if (text !== '') this.paragraphs.push(text);
    this.lines = [];
    this.line = '';
    this.prefix = '';
  }
}

function listMarker(item: HtmlElement): string {
  const list = item.parentNode;
  if (!list || !isElement(list as HtmlNode) || (list as HtmlElement).tagName !== 'ol') return '- ';
  const items = (list as HtmlElement).childNodes.filter((child) => isElement(child) && child.tagName === 'li');
  const start = Number(attributeOf(list as HtmlElement, 'start') ?? '1');
  return `${(Number.isFinite(start) ? start : 1) + items.indexOf(item)}. `;
}
