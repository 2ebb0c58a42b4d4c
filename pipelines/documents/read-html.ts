/**
 * A web page saved from a browser (.html/.htm) as the article's text. The bytes are decoded by
 * their BOM, as UTF-8 when they are valid UTF-8, else by the page's `<meta>` charset, else by
 * Vietnamese encoding detection; parse5 (the WHATWG parser browsers follow) builds the tree; the
 * text is taken from the page's `<article>` or `<main>` when it holds a good share of the text, and
 * page furniture is left out (html-text.ts).
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { parse } from 'parse5';
import { decodeText } from '../text/decode-text.js';
import { finishText, type DocumentText } from './document-text.js';
import {
  attributeOf,
  isElement,
  isFurniture,
  measureLinks,
  renderText,
  type HtmlElement,
  type HtmlNode,
} from './html-text.js';

/** An `<article>` or `<main>` is the page's content when it holds at least this share of the page's text. */
const CONTENT_SHARE = 0.3;
// A page's <meta> charset sits in its head: browsers look at the first 1024 bytes, saved pages need a little more.
const CHARSET_SCAN_BYTES = 8192;

/** Reads a saved web page into the text of its article. */
export function readHtml(bytes: Uint8Array): DocumentText {
  const decoded = decodeHtml(bytes);
  if (!decoded.ok) return decoded;
  const document = parse(decoded.text);
  const body = findFirst(document, (element) => element.tagName === 'body') ?? document;
  const { root, kind } = chooseContent(body);
  return finishText(renderText(root), `html:${kind}`, decoded.encoding === 'utf-8' ? [] : [decoded.encoding]);
}

type DecodedHtml =
  | { readonly ok: true; readonly text: string; readonly encoding: string }
  | { readonly ok: false; readonly reason: string };

function decodeHtml(bytes: Uint8Array): DecodedHtml {
  const hasBom =
    (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) ||
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff);
  const charset = hasBom || isUtf8(bytes) ? undefined : metaCharset(bytes);
  if (charset && charset !== 'utf-8' && iconv.encodingExists(charset)) {
    return {
      ok: true,
      text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset).normalize('NFC'),
      encoding: charset,
    };
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok)
    return {
      ok: false,
      reason: decoded.reason.replace(
        /save it again as "CSV UTF-8" \(or plain text in UTF-8\)/,
        'save the page again in UTF-8',
      ),
    };
  return { ok: true, text: decoded.text, encoding: decoded.encoding === 'utf-8-bom' ? 'utf-8' : decoded.encoding };
}

/** The charset a page's `<meta charset>` or `<meta http-equiv="Content-Type">` declares, lowercased. */
export function metaCharset(bytes: Uint8Array): string | undefined {
  // The markup is ASCII in every encoding a page can declare this way, so a Latin-1 reading finds it.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, CHARSET_SCAN_BYTES)).toString(
    'latin1',
  );
  const meta = findAll(parse(head), (element) => element.tagName === 'meta');
  for (const element of meta) {
    const declared =
      attributeOf(element, 'charset') ??
      (attributeOf(element, 'http-equiv')?.toLowerCase() === 'content-type'
        ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(attributeOf(element, 'content') ?? '')?.[1]
        : undefined);
    if (declared?.trim()) return declared.trim().toLowerCase();
  }
  return undefined;
}

/** The largest `<article>` if it holds most of the page's text, else the largest `<main>`, else the body. */
function chooseContent(body: HtmlNode): { root: HtmlNode; kind: string } {
  const pageText = measureLinks(body).text;
  const largest = (test: (element: HtmlElement) => boolean): { element: HtmlElement; text: number } | undefined =>
    findAll(body, test)
      .map((element) => {
        const measured = measureLinks(element);
        return { element, text: measured.text - measured.linkText };
      })
      .sort((left, right) => right.text - left.text)[0];
  const article = largest((element) => element.tagName === 'article');
  if (article && article.text >= CONTENT_SHARE * pageText) return { root: article.element, kind: 'article' };
  const main = largest((element) => element.tagName === 'main' || attributeOf(element, 'role') === 'main');
  if (main && main.text >= CONTENT_SHARE * pageText) return { root: main.element, kind: 'main' };
  return { root: body, kind: 'body' };
}

function findFirst(node: HtmlNode, test: (element: HtmlElement) => boolean): HtmlElement | undefined {
  return findAll(node, test, true)[0];
}

/** Elements passing `test`, in document order, not looking inside furniture. */
function findAll(
  node: HtmlNode,
  test: (element: HtmlElement) => boolean,
  firstOnly = false,
  found: HtmlElement[] = [],
): HtmlElement[] {
  if (isElement(node)) {
    if (test(node)) {
      found.push(node);
      if (firstOnly) return found;
    } else if (node.tagName !== 'html' && node.tagName !== 'body' && node.tagName !== 'head' && isFurniture(node))
      return found;
  }
  if ('childNodes' in node) {
    for (const child of node.childNodes) {
      findAll(child, test, firstOnly, found);
      if (firstOnly && found.length > 0) break;
    }
  }
  return found;
}
