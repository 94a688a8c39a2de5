#!/usr/bin/python3
"""
Derives fonts/KuntaraporttiSans-{Regular,Bold,Italic,BoldItalic}.ttf from Liberation Sans 2.1.5
(SIL OFL 1.1). A developer tool: neither CI nor the build runs it; its output is committed.

    /usr/bin/python3 scripts/make-font.py [--src DIR] [--out DIR] [--gpos-kern]

Needs fontTools (Debian: python3-fonttools). The sources default to Debian's fonts-liberation2
(2.1.5-1), the same bytes the repository carried before (checked by SHA-256 below).

Why: fontkit (pdfkit's font engine) decodes the OpenType layout tables on the first layout of each
face and then runs a shaping plan for every word; for Liberation Sans' GSUB/GPOS (7 scripts, 37
lookups) that is most of the font cost of a small report. What changes:

- GSUB and GPOS are removed (default). fontkit then kerns with the TrueType `kern` table, which holds
  exactly the pairs of the GPOS `kern` feature for Latin, Greek and Cyrillic (checked below), and
  places combining marks by their Unicode class. Lost: Hebrew kerning, Hebrew point ligatures,
  mark-to-base anchors, the IPA tone-letter ligatures and the unused subs/sups/dlig/locl features.
  With `--gpos-kern`, GPOS keeps only its `kern` feature instead (Hebrew kerning too) and GSUB goes.
- The post table keeps its header (italic angle, underline, fixed pitch) but drops the glyph
  names (format 3). Nothing we use reads them, and fontkit decoded all 2,600 of them when pdfkit
  asked for the italic angle (~16 ms per face and run).
- The name table: the Reserved Font Names (OFL condition 3; "Liberation", and Google's "Arimo",
  "Tinos", "Cousine") may not name a Modified Version, so the family becomes "Kuntaraportti Sans".
  Copyright, licence and designer entries stay.

Everything else (glyphs, cmap, metrics, hinting, kern, GDEF, OS/2) is copied byte for byte;
the script verifies that, and fails if any reserved name is left in a font.
"""
import argparse
import hashlib
import os
import sys

from fontTools.ttLib import TTFont
import fontTools.subset  # noqa: F401  (adds subset_feature_tags/prune_lookups to GPOS)

FACES = {
    # face: (source file, SHA-256 of Liberation Sans 2.1.5, subfamily)
    'Regular': ('LiberationSans-Regular.ttf', '8d91388f1d3604b3b8ae0e3ee2d140e50cd6122f9214514f4aca772540a4076d', 'Regular'),
    'Bold': ('LiberationSans-Bold.ttf', 'ba0e0dc3f7aca5b0afbc31e800531ee43be3aa79ae35b2ef1f6470a9547765c4', 'Bold'),
    'Italic': ('LiberationSans-Italic.ttf', '01f559e5c501d3d5777647c6a92b3ff37a4523bcf4f3b6e97ae052af567618b1', 'Italic'),
    'BoldItalic': ('LiberationSans-BoldItalic.ttf', '15c1068175252e4adee6d3721bf74064ffe437f679d9dbaeacd03fa7711a041b', 'Bold Italic'),
}
FAMILY = 'Kuntaraportti Sans'
PS_FAMILY = 'KuntaraporttiSans'
RESERVED = ('Liberation', 'Arimo', 'Tinos', 'Cousine')
DESCRIPTION = (
    'Modified by the kuntaraportti project from Ascender\'s sans-serif design by Steve Matteson, '
    'metrically compatible with Arial\u2122: the OpenType layout tables are reduced; outlines, '
    'metrics, hinting and the kern table are unchanged. See fonts/README.md in kuntaraportti.'
)
# Tables this script changes; all others must come out byte-identical.
CHANGED = {'GSUB', 'GPOS', 'name', 'head', 'post'}
POST_HEADER = ('italicAngle', 'underlinePosition', 'underlineThickness', 'isFixedPitch', 'minMemType42', 'maxMemType42', 'minMemType1', 'maxMemType1')


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def rename(font, face, subfamily):
    """Every name record that carries a reserved name gets the new family; the trademark notice
    (ID 7) is about the name we no longer use, so it goes."""
    name = font['name']
    version = name.getDebugName(5)
    full = FAMILY if face == 'Regular' else f'{FAMILY} {subfamily}'
    new = {
        1: FAMILY,
        3: f'{PS_FAMILY}-{face}; {version}; kuntaraportti',
        4: full,
        5: f'{version}; kuntaraportti: layout tables reduced',
        6: f'{PS_FAMILY}-{face}',
        10: DESCRIPTION,
        16: FAMILY,
        17: subfamily,
    }
    name.removeNames(nameID=7)
    for rec in name.names:
        if rec.nameID in new:
            rec.string = new[rec.nameID]
    left = [(r.nameID, r.toUnicode()) for r in name.names if any(w in r.toUnicode() for w in RESERVED)]
    if left:
        sys.exit(f'{face}: reserved name left in the name table: {left}')


def drop_glyph_names(font):
    post = font['post']
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}


def kern_only_gpos(font):
    gpos = font['GPOS']
    gpos.subset_feature_tags({'kern'})
    gpos.prune_lookups()


def pair_values(font, script):
    """(left, right) -> x advance adjustment of the GPOS `kern` feature in a script's default
    language system (PairPos formats 1 and 2; zero values dropped)."""
    table = font['GPOS'].table
    rec = next(s for s in table.ScriptList.ScriptRecord if s.ScriptTag == script)
    lookups = sorted({i for f in rec.Script.DefaultLangSys.FeatureIndex
                      if table.FeatureList.FeatureRecord[f].FeatureTag == 'kern'
                      for i in table.FeatureList.FeatureRecord[f].Feature.LookupListIndex})
    order = font.getGlyphOrder()
    pairs = {}
    for index in lookups:
        lookup = table.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            if lookup.LookupType == 9:
                sub = sub.ExtSubTable
            assert lookup.LookupType in (2, 9) and sub.ValueFormat2 == 0, 'unexpected kern lookup'
            if sub.Format == 1:
                for first, pair_set in zip(sub.Coverage.glyphs, sub.PairSet):
                    for rec2 in pair_set.PairValueRecord:
                        pairs.setdefault((first, rec2.SecondGlyph), getattr(rec2.Value1, 'XAdvance', 0) or 0)
            else:
                seconds = {}
                for g in order:
                    seconds.setdefault(sub.ClassDef2.classDefs.get(g, 0), []).append(g)
                for first in sub.Coverage.glyphs:
                    row = sub.Class1Record[sub.ClassDef1.classDefs.get(first, 0)]
                    for cls, rec2 in enumerate(row.Class2Record):
                        value = getattr(rec2.Value1, 'XAdvance', 0) or 0
                        for second in seconds.get(cls, []):
                            pairs.setdefault((first, second), value)
    return {k: v for k, v in pairs.items() if v}


def by_id(font, pairs):
    return {(font.getGlyphID(a), font.getGlyphID(b)): v for (a, b), v in pairs.items()}


def verify(source, out_path, face, gpos_kern):
    orig = TTFont(source)
    new = TTFont(out_path)
    for tag in sorted(orig.keys()):
        if tag in CHANGED or tag == 'GlyphOrder':
            continue
        if tag not in new or orig.reader[tag] != new.reader[tag]:
            sys.exit(f'{face}: table {tag} changed')
    a, b = orig['head'], new['head']
    for field in ('unitsPerEm', 'fontRevision', 'created', 'modified', 'xMin', 'yMin', 'xMax', 'yMax', 'macStyle', 'indexToLocFormat'):
        if getattr(a, field) != getattr(b, field):
            sys.exit(f'{face}: head.{field} changed')
    if new['post'].formatType != 3.0 or any(getattr(orig['post'], f) != getattr(new['post'], f) for f in POST_HEADER):
        sys.exit(f'{face}: post header changed')
    if 'GSUB' in new or ('GPOS' in new) != gpos_kern:
        sys.exit(f'{face}: unexpected layout tables {sorted(t for t in ("GSUB", "GPOS") if t in new)}')
    # The legacy kern table is what fontkit uses without GPOS: it must equal the GPOS kerning.
    # Compared by glyph ID: without post names, fontTools makes up names for the new font's glyphs.
    legacy = by_id(new, {k: v for k, v in new['kern'].kernTables[0].kernTable.items() if v})
    for script in ('latn', 'grek', 'cyrl'):
        if by_id(orig, pair_values(orig, script)) != legacy:
            sys.exit(f'{face}: kern table differs from the GPOS kern feature for {script}')
    if gpos_kern:
        for script in ('latn', 'grek', 'cyrl', 'hebr'):
            if by_id(orig, pair_values(orig, script)) != by_id(new, pair_values(new, script)):
                sys.exit(f'{face}: GPOS kern for {script} changed')
    with open(out_path, 'rb') as f:
        data = f.read()
    for word in RESERVED:
        if word.encode('ascii') in data or word.encode('utf-16-be') in data:
            sys.exit(f'{face}: "{word}" still in the file')
    return len(legacy)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--src', default='/usr/share/fonts/truetype/liberation2', help='directory with LiberationSans-*.ttf 2.1.5')
    parser.add_argument('--out', default=os.path.join(here, '..', 'fonts'))
    parser.add_argument('--gpos-kern', action='store_true', help='keep GPOS with its kern feature instead of removing it')
    args = parser.parse_args()
    for face, (file, digest, subfamily) in FACES.items():
        source = os.path.join(args.src, file)
        if sha256(source) != digest:
            sys.exit(f'{source}: not Liberation Sans 2.1.5 (SHA-256 differs)')
        # Tables never touched are written back as read; no new timestamp or bounds.
        font = TTFont(source, recalcBBoxes=False, recalcTimestamp=False)
        del font['GSUB']
        if args.gpos_kern:
            kern_only_gpos(font)
        else:
            del font['GPOS']
        drop_glyph_names(font)
        rename(font, face, subfamily)
        out_path = os.path.join(args.out, f'{PS_FAMILY}-{face}.ttf')
        font.save(out_path)
        pairs = verify(source, out_path, face, args.gpos_kern)
        print(f'{os.path.normpath(out_path)}: {os.path.getsize(out_path)} bytes, {pairs} kerning pairs, SHA-256 {sha256(out_path)}')


if __name__ == '__main__':
    main()
