/** The report's own stylesheet (inlined; hashed into the page's Content-Security-Policy). */
export const HTML_STYLE = `
body { margin: 0; background: #fafafa; color: #1b1b1b; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1140px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
h1 { font-size: 1.7em; margin-top: 0.2em; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 1.8em; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; }
th, td { border: 1px solid #d6d6d6; padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: #f2f2f2; }
code { background: #f4f4f4; padding: 1px 4px; border-radius: 3px; font-size: 0.9em; overflow-wrap: anywhere; }
pre { background: #f4f4f4; padding: 10px; overflow-x: auto; }
pre code { padding: 0; }
blockquote { margin: 0.8em 0; padding: 0.2em 1em; border-left: 4px solid #ccc; color: #444; }
figure.chart { margin: 1.2em 0; }
figcaption { margin-bottom: 4px; }
.chart-key span { display: inline-block; width: 14px; height: 10px; margin: 0 4px 0 12px; vertical-align: middle; }
.chart-key .key-band { background: rgba(46, 139, 87, 0.35); }
.chart-key .key-span { background: rgba(220, 53, 69, 0.25); }
.chart-key .key-line { border-left: 2px dashed #6c3483; width: 0; height: 12px; }
@media print { main { max-width: none; padding: 0; } }
`;
