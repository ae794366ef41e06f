/** Export the drawn map as a standalone SVG or PNG file (all styling is in attributes). */
export function svgMarkup(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const [, , width, height] = (clone.getAttribute('viewBox') ?? '0 0 960 900').split(/\s+/).map(Number);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.removeAttribute('class');
  clone.removeAttribute('role');
  clone.removeAttribute('aria-labelledby');
  for (const element of clone.querySelectorAll('[data-export="omit"]')) element.remove();
  for (const element of clone.querySelectorAll('[tabindex],[role],[aria-label],[aria-pressed]')) {
    for (const attribute of ['tabindex', 'role', 'aria-label', 'aria-pressed']) element.removeAttribute(attribute);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function exportSvg(svg: SVGSVGElement, filename: string): void {
  download(new Blob([svgMarkup(svg)], { type: 'image/svg+xml' }), `${filename}.svg`);
}

export async function pngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const markup = svgMarkup(svg);
  const [, , width = 960, height = 900] = (svg.getAttribute('viewBox') ?? '').split(/\s+/).map(Number);
  const image = new Image();
  image.decoding = 'sync';
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('the map could not be rendered'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG export failed'))), 'image/png'));
}

export async function exportPng(svg: SVGSVGElement, filename: string): Promise<void> {
  download(await pngBlob(svg), `${filename}.png`);
}

/** A file name from the child's name: lower case, no spaces or odd characters. */
export function fileSlug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/\(.*?\)/g, '')
      .replace(/æ/g, 'ae')
      .replace(/ø/g, 'oe')
      .replace(/å/g, 'aa')
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'netvaerkskort'
  );
}
