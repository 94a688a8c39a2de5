/// <reference types="vite/client" />

/** pdfkit's sRGB ICC profile as base64 (a plugin in web/vite.config.ts). */
declare module 'kuntaraportti:srgb-icc' {
  const base64: string;
  export default base64;
}

/** Tells the PDF renderer its pdfmake originals were checked when the bundle was built (web/vite.config.ts). */
declare module 'virtual:kuntaraportti/patches-checked' {}
