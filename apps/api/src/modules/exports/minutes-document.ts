/**
 * pdfkit is loaded with the first export, not at start-up: with its fonts and codecs it was 6.5 of
 * the idle api's 52 MB of heap, which every full collection marks again (docs/bench.md, thirteenth
 * session), in a process that may never export a PDF.
 */
const loadPdfkit = () => import('pdfkit');
let pdfkit: ReturnType<typeof loadPdfkit> | null = null;

/** Renders the Markdown subset the minutes export produces (headings, bullets, paragraphs) as a PDF. */
export async function markdownToPdf(markdown: string, title: string): Promise<Buffer> {
  const { default: PDFDocument } = await (pdfkit ??= loadPdfkit());
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title, Producer: 'Samråd', Creator: 'Samråd' } });
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    for (const line of markdown.split('\n')) {
      const heading = /^(#{1,3})\s+(.*)$/.exec(line);
      if (heading) {
        const size = [20, 15, 12][heading[1]!.length - 1]!;
        pdf.moveDown(0.4).font('Helvetica-Bold').fontSize(size).text(heading[2]!).moveDown(0.2);
      } else if (/^[-*]\s+/.test(line)) {
        pdf.font('Helvetica').fontSize(10.5).text(`•  ${line.replace(/^[-*]\s+/, '')}`, { indent: 10 });
      } else if (line.trim() === '') {
        pdf.moveDown(0.4);
      } else {
        pdf.font('Helvetica').fontSize(10.5).text(line.replace(/\*\*(.*?)\*\*/g, '$1'));
      }
    }
    pdf.end();
  });
}
