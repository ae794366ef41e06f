import * as Y from 'yjs';

/**
 * Rich text follows the y-prosemirror / Tiptap convention: the fragment holds block elements
 * (`paragraph`, `heading` with a `level` attribute, `bulletList`/`orderedList` of `listItem`,
 * `blockquote`, `codeBlock`, `horizontalRule`), text lives in Y.XmlText with marks as attributes
 * (`bold`, `italic`, `strike`, `code`, `link` with `href`), and `hardBreak` is an element.
 */

interface DeltaOp {
  insert?: unknown;
  attributes?: Record<string, unknown>;
}

function inlineMarkdown(text: Y.XmlText): string {
  return (text.toDelta() as DeltaOp[])
    .map((op) => {
      if (typeof op.insert !== 'string') return '';
      let out = op.insert;
      const marks = op.attributes ?? {};
      if (marks['code']) out = `\`${out}\``;
      if (marks['bold']) out = `**${out}**`;
      if (marks['italic']) out = `*${out}*`;
      if (marks['strike']) out = `~~${out}~~`;
      const link = marks['link'] as { href?: unknown } | undefined;
      if (link && typeof link.href === 'string') out = `[${out}](${link.href})`;
      return out;
    })
    .join('');
}

function inlineChildren(element: Y.XmlElement | Y.XmlFragment, markdown: boolean): string {
  return element
    .toArray()
    .map((child) => {
      if (child instanceof Y.XmlText) return markdown ? inlineMarkdown(child) : child.toString().replace(/<[^>]*>/g, '');
      if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') return '\n';
      if (child instanceof Y.XmlElement) return inlineChildren(child, markdown);
      return '';
    })
    .join('');
}

function plainText(child: Y.XmlText): string {
  return (child.toDelta() as DeltaOp[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
}

function blocks(fragment: Y.XmlFragment | Y.XmlElement, markdown: boolean, depth = 0): string[] {
  const out: string[] = [];
  const indent = '  '.repeat(depth);
  for (const node of fragment.toArray()) {
    if (node instanceof Y.XmlText) {
      out.push(markdown ? inlineMarkdown(node) : plainText(node));
      continue;
    }
    if (!(node instanceof Y.XmlElement)) continue;
    const inline = (): string => (markdown ? inlineChildren(node, true) : node.toArray().map((c) => (c instanceof Y.XmlText ? plainText(c) : c instanceof Y.XmlElement && c.nodeName === 'hardBreak' ? '\n' : '')).join(''));
    switch (node.nodeName) {
      case 'heading': {
        const level = Math.min(6, Math.max(1, Number(node.getAttribute('level')) || 1));
        out.push(markdown ? `${'#'.repeat(level)} ${inline()}` : inline());
        break;
      }
      case 'bulletList':
      case 'orderedList': {
        let n = 1;
        for (const item of node.toArray()) {
          if (!(item instanceof Y.XmlElement)) continue;
          const [first = '', ...rest] = blocks(item, markdown, depth + 1);
          const bullet = markdown ? (node.nodeName === 'orderedList' ? `${n++}. ` : '- ') : '';
          out.push(`${indent}${bullet}${first.trimStart()}`, ...rest);
        }
        break;
      }
      case 'blockquote':
        out.push(...blocks(node, markdown, depth).map((line) => (markdown ? `> ${line}` : line)));
        break;
      case 'codeBlock':
        out.push(markdown ? `\`\`\`\n${inline()}\n\`\`\`` : inline());
        break;
      case 'horizontalRule':
        if (markdown) out.push('---');
        break;
      default:
        out.push(`${depth > 0 && node.nodeName === 'paragraph' ? indent : ''}${inline()}`);
    }
  }
  return out;
}

/** The plain text of a rich-text root: one line per block. */
export function xmlFragmentToText(fragment: Y.XmlFragment): string {
  return blocks(fragment, false).join('\n');
}

/** Markdown of a rich-text root: blocks separated by a blank line. */
export function xmlFragmentToMarkdown(fragment: Y.XmlFragment): string {
  return blocks(fragment, true).join('\n\n');
}

/** Appends one `paragraph` with plain text (server-side writers, tests, seeding). */
export function appendParagraph(fragment: Y.XmlFragment, text: string): Y.XmlElement {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [paragraph]);
  return paragraph;
}

/** Replaces the whole rich text with plain paragraphs. */
export function setParagraphs(fragment: Y.XmlFragment, paragraphs: string[]): void {
  const apply = (): void => {
    if (fragment.length > 0) fragment.delete(0, fragment.length);
    for (const text of paragraphs) appendParagraph(fragment, text);
  };
  if (fragment.doc) fragment.doc.transact(apply);
  else apply();
}
