/**
 * XMP metadata written by us instead of pdfkit: pdfkit 0.19 interpolates the info strings into the
 * XML unescaped (a title with `&` or `<` makes the XMP invalid and the PDF/A fail) and writes no
 * xmp:ModifyDate, which PDF/A requires to match the info dictionary's ModDate.
 *
 * It also claims PDF/UA-1 (ISO 14289-1 5: `pdfuaid:part` 1), with the extension schema that
 * PDF/A asks for every property outside its predefined schemas (PDF/A-1 6.7.8, PDF/A-2 6.6.2.3.2).
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

/** The pdfuaid schema declared as PDF/A wants it (the wording is the one ISO 14289-1 gives). */
const PDFUA_EXTENSION = [
  `<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">`,
  `<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">`,
  `<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>`,
  `<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>`,
  `<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>`,
  `<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">`,
  `<pdfaProperty:name>part</pdfaProperty:name>`,
  `<pdfaProperty:valueType>Integer</pdfaProperty:valueType>`,
  `<pdfaProperty:category>internal</pdfaProperty:category>`,
  `<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>`,
  `</rdf:li></rdf:Seq></pdfaSchema:property>`,
  `</rdf:li></rdf:Bag></pdfaExtension:schemas>`,
  `</rdf:Description>`,
].join('\n');

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
  parts.push(PDFUA_EXTENSION, `<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">`, `<pdfuaid:part>1</pdfuaid:part>`, `</rdf:Description>`);
  return parts.join('\n');
}
