/**
 * XMP metadata written by us instead of pdfkit: pdfkit 0.19 interpolates the info strings into the
 * XML unescaped (a title with `&` or `<` makes the XMP invalid and the PDF/A fail) and writes no
 * xmp:ModifyDate, which PDF/A requires to match the info dictionary's ModDate.
 */
import { escapeXml } from '../../document/chart-svg.js';

export interface XmpInfo {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  creator: string;
  producer: string;
  lang: string;
  date: Date;
}

const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function xmpDescriptions(info: XmpInfo): string {
  const e = escapeXml;
  const date = iso(info.date);
  const parts = [
    `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${e(info.creator)}</xmp:CreatorTool>`,
    `</rdf:Description>`,
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">`,
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${e(info.title)}</rdf:li></rdf:Alt></dc:title>`,
  ];
  if (info.author) parts.push(`<dc:creator><rdf:Seq><rdf:li>${e(info.author)}</rdf:li></rdf:Seq></dc:creator>`);
  if (info.subject) parts.push(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${e(info.subject)}</rdf:li></rdf:Alt></dc:description>`);
  parts.push(`<dc:language><rdf:Bag><rdf:li>${e(info.lang)}</rdf:li></rdf:Bag></dc:language>`);
  parts.push(`</rdf:Description>`);
  parts.push(`<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">`, `<pdf:Producer>${e(info.producer)}</pdf:Producer>`);
  if (info.keywords) parts.push(`<pdf:Keywords>${e(info.keywords)}</pdf:Keywords>`);
  parts.push(`</rdf:Description>`);
  return parts.join('\n');
}
