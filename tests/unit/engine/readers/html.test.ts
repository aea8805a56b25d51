import { describe, expect, it } from 'vitest';
import { htmlReader } from '../../../../src/engine/readers/html.js';
import { blockWith, bytes, expectWellFormed, show } from './helpers.js';

const page = `<!doctype html><html><head><title>Ferry Guide</title><style>p { color: red }</style></head><body>
<header><a href="/">Home</a> <a href="/about">About us</a></header>
<nav><ul><li>Timetables</li><li>Prices</li></ul></nav>
<main>
<h1>Ferries</h1>
<p>The council   voted on <b>Tuesday</b>
 to buy electric boats.<br>A second line.</p>
<h2>Limits</h2>
<ul><li>Up to 25 passengers</li><li>Bicycles <ul><li>Folding ones only</li></ul></li></ul>
<table><thead><tr><th>Boat</th><th>Seats</th></tr></thead><tbody><tr><td>Gull</td><td>25</td></tr></tbody></table>
<pre><code>plan({ boats: 3 })
  .print()</code></pre>
<blockquote><p>Safety first.</p></blockquote>
<div class="custom-block tip"><p>Arrive early.</p></div>
<aside>Prices change in May.</aside>
<script>track()</script>
</main>
<footer>© 2024 Harbour Board</footer>
</body></html>`;

describe('html reader', async () => {
  const doc = await htmlReader.read({ bytes: bytes(page), fileName: 'guide.html' });

  it('extracts blocks with kinds and heading paths from the page text', () => {
    expectWellFormed(doc);
    expect(doc.title).toBe('Ferry Guide');
    expect(blockWith(doc, 'Ferries')).toMatchObject({ kind: 'heading', headingPath: [] });
    expect(blockWith(doc, 'The council voted on Tuesday to buy electric boats.\nA second line.')).toMatchObject({ kind: 'paragraph', headingPath: ['Ferries'] });
    expect(blockWith(doc, 'Limits')).toMatchObject({ kind: 'heading', headingPath: ['Ferries'] });
    expect(blockWith(doc, 'Up to 25 passengers')).toMatchObject({ kind: 'list-item', headingPath: ['Ferries', 'Limits'] });
    expect(blockWith(doc, 'Bicycles').kind).toBe('list-item');
    expect(blockWith(doc, 'Folding ones only').kind).toBe('list-item');
  });

  it('reads table rows as "cell | cell" with the header cells kept for display', () => {
    expect(blockWith(doc, 'Gull | 25')).toMatchObject({ kind: 'table-row', cells: ['Gull', '25'], header: ['Boat', 'Seats'] });
  });

  it('keeps <pre> verbatim as code, and quotes and notes with their kinds', () => {
    expect(blockWith(doc, 'plan({ boats: 3 })\n  .print()').kind).toBe('code');
    expect(blockWith(doc, 'Safety first.').kind).toBe('quote');
    expect(blockWith(doc, 'Arrive early.').kind).toBe('note');
    expect(blockWith(doc, 'Prices change in May.').kind).toBe('note');
  });

  it('skips navigation, header, footer and scripts with reasons, never as blocks', () => {
    const quoted = doc.blocks.map((b) => show(doc, b)).join('\n');
    expect(quoted).not.toMatch(/Timetables|About us|Harbour Board|track\(\)|color: red/);
    const reasons = doc.skipped.map((s) => s.reason);
    expect(reasons).toEqual(expect.arrayContaining(['navigation (<nav>)', 'page header (<header>)', 'page footer (<footer>)', 'script element (not text)']));
  });

  it('skips blocks whose class or id names page furniture, and heading anchors', async () => {
    const html =
      '<body><div class="VPSidebar">Guide links</div><div class="share-buttons">Share on X</div>' +
      '<h2 id="port">Port <a class="header-anchor" href="#port">\u200b</a></h2><div class="shared-options"><p>Kept text.</p></div></body>';
    const d = await htmlReader.read({ bytes: bytes(html), fileName: 'p.html' });
    expect(d.blocks.map((b) => show(d, b))).toEqual(['Port', 'Kept text.']);
    expect(d.skipped.map((s) => s.reason)).toEqual(['page furniture (sidebar block)', 'page furniture (share block)']);
  });

  it('decodes a page in the legacy charset its <meta> declares', async () => {
    const head = new TextEncoder().encode('<html><head><meta charset="windows-1252"></head><body><p>Caf');
    const latin = new Uint8Array([...head, 0xe9, ...new TextEncoder().encode(' prices rose.</p></body></html>')]);
    const d = await htmlReader.read({ bytes: latin, fileName: 'old.html' });
    expect(d.blocks.map((b) => show(d, b))).toEqual(['Café prices rose.']);
  });

  it('treats what lies outside <main> as page furniture', async () => {
    const d = await htmlReader.read({ bytes: bytes('<body><div>Sidebar links here</div><main><p>Real text.</p></main></body>'), fileName: 'x.htm' });
    expect(d.blocks.map((b) => show(d, b))).toEqual(['Real text.']);
    expect(d.skipped.map((s) => s.reason)).toEqual(["outside the page's main content"]);
    expect(d.title).toBe('x');
  });

  it('reads XHTML saved as .html: an empty <a id/> does not swallow the paragraphs and table after it', async () => {
    const body =
      '<body><div class="navheader"><table><tr><th>Chapter 3. Ferries</th></tr></table></div>' +
      '<div class="table"><a id="boats"/><p class="title">Table 3.1. Boats</p>' +
      '<table><tr><th>Boat</th><th>Seats</th></tr><tr><td>Gull</td><td>25</td></tr></table></div><p>Boats sail hourly.</p></body></html>';
    const xhtml = `<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Ferries</title></head>${body}`;
    const d = await htmlReader.read({ bytes: bytes(xhtml), fileName: 'ch03.html' });
    expectWellFormed(d);
    expect(d.blocks.map((b) => [b.kind, show(d, b)])).toEqual([
      ['paragraph', 'Table 3.1. Boats'],
      ['table-row', 'Boat | Seats'],
      ['table-row', 'Gull | 25'],
      ['paragraph', 'Boats sail hourly.'],
    ]);
    expect(d.skipped.map((s) => [show(d, s as never), s.reason])).toEqual([['Chapter 3. Ferries', 'page furniture (nav block)']]);
  });

  it('reads an inline element wrapped round blocks as a container', async () => {
    const d = await htmlReader.read({ bytes: bytes('<body><a href="/x"><p>First card.</p><p>Second card.</p></a><p>Plain <a href="/y">link</a> text.</p></body>'), fileName: 'c.html' });
    expect(d.blocks.map((b) => show(d, b))).toEqual(['First card.', 'Second card.', 'Plain link text.']);
  });

  it('reads a layout table (one cell with text per row) as the blocks its cells hold, in the enclosing kind, the admonition label joined to its note', async () => {
    const html =
      '<body><div class="warning"><table border="0" summary="Warning"><tr><td><img alt="[Warning]" src="w.png"/></td><th>Warning</th></tr>' +
      '<tr><td><p>Do not board without a ticket.</p></td></tr></table></div></body>';
    const d = await htmlReader.read({ bytes: bytes(html), fileName: 'w.html' });
    expect(d.blocks.map((b) => [b.kind, show(d, b)])).toEqual([['note', 'Warning: Do not board without a ticket.']]);
  });

  it('keeps an admonition label alone when its note has no text, and labels only notes', async () => {
    const table = (label: string) => `<table border="0"><tr><th>${label}</th></tr><tr><td><p>Mind the gap.</p></td></tr></table>`;
    const d = await htmlReader.read({ bytes: bytes(`<body><div class="tip"><table border="0"><tr><th>Tip</th></tr></table></div>${table('Note')}</body>`), fileName: 't.html' });
    expect(d.blocks.map((b) => [b.kind, show(d, b)])).toEqual([
      ['note', 'Tip'],
      ['paragraph', 'Note'],
      ['paragraph', 'Mind the gap.'],
    ]);
  });

  it('separates the paragraphs of one table cell or <dd> (Word and DocBook write several <p>s)', async () => {
    const html =
      '<body><table><tr><th>Boat</th><th>Notes</th></tr><tr><td>Gull</td><td><p>Built 1998</p><p>Refitted 2019</p></td></tr></table>' +
      '<dl><dt>Tern</dt><dd><p>Small boat.</p><p>Summer only.</p></dd></dl></body>';
    const d = await htmlReader.read({ bytes: bytes(html), fileName: 'c.html' });
    expectWellFormed(d);
    expect(blockWith(d, 'Gull | Built 1998 Refitted 2019')).toMatchObject({ kind: 'table-row', cells: ['Gull', 'Built 1998 Refitted 2019'] });
    expect(blockWith(d, 'Small boat.\nSummer only.').kind).toBe('paragraph');
  });

  describe('wiki and generated documentation pages', () => {
    // A made-up article in the markup MediaWiki writes (Wikipedia's Vector skin): the title bar header, tabs,
    // footnote marks, [edit] links, a navbox, the category list and the print-only footer are not the article.
    const wiki = `<!DOCTYPE html><html><head><title>Brindlemoor - Wikipedia</title></head><body>
<a class="mw-jump-link" href="#bodyContent">Jump to content</a>
<header class="vector-header mw-header"><a class="mw-logo">Wikipedia The Free Encyclopedia</a></header>
<main id="content" class="mw-body">
 <header class="mw-body-header"><h1 id="firstHeading"><span class="mw-page-title-main">Brindlemoor</span></h1><span>12 languages</span></header>
 <div id="bodyContent" class="vector-body">
  <div id="siteSub" class="noprint">From Wikipedia, the free encyclopedia</div>
  <div class="mw-parser-output">
   <div class="shortdescription" style="display:none">Market town in Wessex</div>
   <table class="infobox"><tbody><tr><th>Country</th><td>England</td></tr>
    <tr><th>Population (2021)</th><td>14,820<sup id="cite_ref-1" class="reference"><a href="#cite_note-1">[1]</a></sup></td></tr></tbody></table>
   <p><b>Brindlemoor</b> is a market town on the River Tallow.<sup class="reference"><a href="#cite_note-2"><span>[</span>2<span>]</span></a></sup> It was chartered in 1267.<sup class="noprint Inline-Template"><i><a href="/wiki/Citation_needed">citation needed</a></i></sup> Its wool market closed in 1790.</p>
   <div class="mw-heading mw-heading2"><h2 id="History">History</h2><span class="mw-editsection">[<a href="?action=edit">edit</a>]</span></div>
   <p>The mill was built in 1302.</p>
   <h2><span class="mw-headline" id="Economy">Economy</span><span class="mw-editsection">[<a href="?action=edit">edit</a>]</span></h2>
   <ul><li>Brewing since 1851</li></ul>
   <ol class="references"><li id="cite_note-1"><span class="mw-cite-backlink"><a href="#cite_ref-1">^</a></span> <span class="reference-text">Parish census 2021.</span></li></ol>
   <div role="navigation" class="navbox"><table><tr><th>Towns in Wessex</th><td>Cressley Fallowfield</td></tr></table></div>
  </div>
  <div class="printfooter">Retrieved from "https://en.wikipedia.org/wiki/Brindlemoor"</div>
  <div id="catlinks" class="catlinks"><a>Categories</a>: <ul><li>Market towns in Wessex</li></ul></div>
 </div>
</main>
<footer class="mw-footer">This page was last edited on 3 March 2026.</footer></body></html>`;

    it('reads a MediaWiki article as its text: no footnote marks, [edit] links, navboxes, categories or site lines', async () => {
      const d = await htmlReader.read({ bytes: bytes(wiki), fileName: 'Brindlemoor.html' });
      expectWellFormed(d);
      expect(d.title).toBe('Brindlemoor');
      expect(d.blocks.map((b) => [b.kind, show(d, b)])).toEqual([
        ['table-row', 'Country | England'],
        ['table-row', 'Population (2021) | 14,820'],
        ['paragraph', 'Brindlemoor is a market town on the River Tallow. It was chartered in 1267. Its wool market closed in 1790.'],
        ['heading', 'History'],
        ['paragraph', 'The mill was built in 1302.'],
        ['heading', 'Economy'],
        ['list-item', 'Brewing since 1851'],
        ['list-item', 'Parish census 2021.'],
      ]);
      const skipped = d.skipped.map((s) => `${s.reason}: ${d.text.slice(s.start, s.end)}`);
      expect(skipped).toEqual(expect.arrayContaining([
        'screen-only control (hidden when printed): From Wikipedia, the free encyclopedia',
        'hidden element: Market town in Wessex',
        'page furniture (printfooter block): Retrieved from "https://en.wikipedia.org/wiki/Brindlemoor"',
      ]));
      expect(skipped.some((s) => s.startsWith('navigation (role="navigation"): Towns in Wessex'))).toBe(true);
      expect(skipped.some((s) => s.startsWith('page furniture (catlinks block): Categories:'))).toBe(true);
    });

    it('takes role="main" as the main content, as <main>, and drops inline skip links', async () => {
      const html = '<body><div id="mw-head-base" class="noprint"></div><div id="p-lang"><h3>Languages</h3><a>Deutsch</a></div><div id="content" role="main">' +
        '<a class="mw-jump-link" href="#nav">Jump to navigation</a> <h1>Cressley Abbey</h1><p>Founded in 1151.</p></div>' +
        '<div role="contentinfo">Last edited 2020.</div></body>';
      const d = await htmlReader.read({ bytes: bytes(html), fileName: 'abbey.html' });
      expect(d.blocks.map((b) => show(d, b))).toEqual(['Cressley Abbey', 'Founded in 1151.']);
      // What was left out is listed with its text; an empty layout element skipped nothing and is not listed.
      expect(d.skipped.map((s) => [s.reason, d.text.slice(s.start, s.end)])).toEqual([
        ["outside the page's main content", 'Languages\nDeutsch'],
        ["outside the page's main content", 'Last edited 2020.'],
      ]);
    });

    it('keeps a section whose id is its own title even when the title names furniture ("File menu"), not a menu block', async () => {
      const html = '<body><div id="main-menu"><a>Home</a></div><section id="file-menu-shell-and-editor">' +
        '<h3>File menu (Shell and Editor)<a class="headerlink" href="#file-menu-shell-and-editor" title="Permalink">¶</a></h3>' +
        '<dl><dt>New File</dt><dd><p>Create a new file editing window.</p></dd></dl></section></body>';
      const d = await htmlReader.read({ bytes: bytes(html), fileName: 'idle.html' });
      expect(d.blocks.map((b) => [b.kind, show(d, b)])).toEqual([
        ['heading', 'File menu (Shell and Editor)'],
        ['paragraph', 'New File'],
        ['paragraph', 'Create a new file editing window.'],
      ]);
      expect(d.skipped.map((s) => d.text.slice(s.start, s.end))).toContain('Home');
    });

    it('reads an mdBook page: the site name off the title, and code without the lines the book hides', async () => {
      const html = '<head><title>Declaring Constants - The Ferry Book</title></head><body><div id="menu-bar" class="menu-bar">' +
        '<h1 class="menu-title">The Ferry Book</h1></div><main><h2 id="declaring-constants">Declaring Constants</h2>' +
        '<pre><code class="language-rust"><span class="boring">#![allow(unused)]\nfn main() {\n</span>const SEATS: u32 = 25;\n<span class="boring">}</span></code></pre></main></body>';
      const d = await htmlReader.read({ bytes: bytes(html), fileName: 'ch03.html' });
      expect(d.title).toBe('Declaring Constants');
      expect(d.blocks.map((b) => [b.kind, show(d, b)])).toEqual([['heading', 'Declaring Constants'], ['code', 'const SEATS: u32 = 25;']]);
    });

    it('keeps the site name in the title when no <h1> starts it', async () => {
      const d = await htmlReader.read({ bytes: bytes('<head><title>Release notes - Acme</title></head><body><h1>Version 2</h1><p>x</p></body>'), fileName: 'r.html' });
      expect(d.title).toBe('Release notes - Acme');
    });
  });
});
