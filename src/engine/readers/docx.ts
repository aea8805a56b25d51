/**
 * DOCX reader on `mammoth` (maintained, pure JS, made for exactly this: semantic HTML from Word
 * styles). Heading 1–6 styles become h1–h6, Word lists become <ul>/<ol>, tables stay tables;
 * the HTML reader then cuts that into blocks, so DOCX and HTML documents have the same shape.
 * Images are dropped (no text), so mammoth never inlines them as base64.
 */
import mammoth from 'mammoth';
import { readHtmlText } from './html.js';
import { sniffBinary, titleFromFileName } from './common.js';
import { UnreadableFileError, type ReadDocument, type Reader, type ReaderInput } from './types.js';

/**
 * Word styles mammoth leaves as plain paragraphs by default but which carry structure: code
 * (kept as code so it is shown as code), quotations, and the document title.
 */
const STYLE_MAP = [
  "p[style-name='Code'] => pre:separator('\\n')",
  "p[style-name='Source Code'] => pre:separator('\\n')",
  "p[style-name='HTML Preformatted'] => pre:separator('\\n')",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='Title'] => h1:fresh",
];

export const docxReader: Reader = {
  name: 'docx',
  extensions: ['.docx'],
  async read({ bytes, fileName }: ReaderInput): Promise<ReadDocument> {
    if (bytes.length === 0) throw new UnreadableFileError('file is empty');
    const found = sniffBinary(bytes);
    if (found?.ext !== '.docx') {
      const what = found ? found.what : 'not a Word document';
      throw new UnreadableFileError(`file is ${found ? what : 'not a Word .docx file'} (a .docx is a ZIP package): re-save it from Word as .docx`);
    }
    let html: string;
    try {
      const result = await mammoth.convertToHtml(
        { buffer: Buffer.from(bytes) },
        { convertImage: mammoth.images.imgElement(async () => ({ src: '' })), styleMap: STYLE_MAP },
      );
      html = result.value;
    } catch (err) {
      const why = ((err as Error).message ?? String(err)).split('\n')[0];
      throw new UnreadableFileError(`not a readable Word document (${why}): re-save it from Word as .docx`);
    }
    const doc = readHtmlText(html, fileName);
    if (doc.blocks.length === 0) throw new UnreadableFileError('no text in this Word document (only images or empty paragraphs)');
    // A Word file has no <title>; readHtmlText falls back to its first Heading 1, else the file name.
    return { ...doc, title: doc.title || titleFromFileName(fileName) };
  },
};
