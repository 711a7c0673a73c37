#!/usr/bin/env python3
"""Write small, uncompressed PDFs into seeds/extract_pdf/, one per feature quorum's PDF reader
handles: simple fonts with /Widths, kerning in TJ, text matrices, several pages, a nested page
tree, a composite (Type0) font with /ToUnicode and /W, a Type3 font, an /Encoding with
/Differences, a form XObject (and one drawing itself), an annotation appearance stream, the
/Info title, an object stream and an incremental update.

Uncompressed on purpose: libFuzzer mutates bytes, and a mutated deflate stream is just a
decompression error, while a mutated content stream exercises the text layout code.

Run from anywhere: python3 fuzz/seeds/make_pdf_seeds.py
"""
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "extract_pdf")


def stream(dictionary, data):
    if isinstance(data, str):
        data = data.encode("latin-1")
    return b"<< " + dictionary.encode() + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def pdf(objects, trailer_extra="", header=b"%PDF-1.5\n"):
    out = bytearray(header)
    offsets = []
    for i, body in enumerate(objects):
        if isinstance(body, str):
            body = body.encode("latin-1")
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_extra.encode(),
        xref,
    )
    return bytes(out)


HELVETICA = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 126 " \
    "/Widths [" + " ".join(["278"] + ["556"] * 94) + "] >>"


def pages(contents, font=HELVETICA, extra_resources="", page_extra=""):
    """Catalog (1), pages (2), a font (3), then a page and a content stream per entry."""
    n = len(contents)
    kids = " ".join("%d 0 R" % (4 + 2 * i) for i in range(n))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
        font,
    ]
    for i, content in enumerate(contents):
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            "/Resources << /Font << /F1 3 0 R >> %s >> %s >>"
            % (5 + 2 * i, extra_resources, page_extra)
        )
        objects.append(stream("", content))
    return objects


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    minutes = (
        "BT /F1 12 Tf 72 720 Td (Minutes of the Executive) Tj 0 -14 Td "
        "(held on 4 December 2018) Tj 0 -28 Td (37. FOSTER CARERS) Tj T* "
        "(Resolved - That the allowances be approved.) Tj ET"
    )
    write("simple.pdf", pdf(pages([minutes]), "/Info << /Title (Executive minutes) >>"))

    kerned = (
        "BT /F1 11 Tf 14 TL 1 0 0 1 72 700 Tm [(Recruit)-20(ment of fos)30(ter)-600(carers)] TJ "
        "T* 2 Tc 1 Tw 90 Tz ( spaced ) ' 3 1 (quoted) \" -2 Ts (rise) Tj ET "
        "q 0.5 0 0 0.5 0 0 cm BT /F1 24 Tf 100 100 Td (scaled) Tj ET Q Q Q"
    )
    write("kerning.pdf", pdf(pages([kerned])))

    three = [
        "BT /F1 9 Tf 72 770 Td (Executive 6 November 2018) Tj ET "
        "BT /F1 12 Tf 72 700 Td (Page %d body text) Tj ET "
        "BT /F1 9 Tf 300 40 Td (Page %d of 3) Tj ET" % (i, i)
        for i in range(1, 4)
    ]
    write("pages.pdf", pdf(pages(three)))

    # A page tree with an intermediate /Pages node and inherited resources.
    nested = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 6 0 R >> >> >>",
        "<< /Type /Pages /Parent 2 0 R /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 5 0 R >>",
        stream("", "BT /F1 12 Tf 72 700 Td (Inherited resources) Tj ET"),
        HELVETICA,
    ]
    write("nested-tree.pdf", pdf(nested))

    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
        "/CMapName /Fuzz def 1 begincodespacerange <0000> <FFFF> endcodespacerange "
        "2 beginbfchar <0001> <0041> <0002> <0067> endbfchar "
        "1 beginbfrange <0010> <0015> <0061> endbfrange endcmap CMapName currentdict "
        "/CMap defineresource pop end end"
    )
    type0 = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        stream("", "BT /F1 10 Tf 72 700 Td <0001001000110002> Tj [<0012> -250 <0013>] TJ ET"),
        "<< /Type /Font /Subtype /Type0 /BaseFont /Fuzz /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Fuzz /DW 500 "
        "/W [1 [600 700] 16 21 550] /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
        "/Supplement 0 >> >>",
        stream("", cmap),
    ]
    write("type0.pdf", pdf(type0))

    type3 = pages(
        ["BT /F1 1 Tf 12 0 0 12 72 700 Tm (abc) Tj ET"],
        font="<< /Type /Font /Subtype /Type3 /FontMatrix [0.001 0 0 0.001 0 0] "
        "/FontBBox [0 0 1000 1000] /FirstChar 97 /LastChar 99 /Widths [500 500 500] "
        "/Encoding << /Type /Encoding /Differences [97 /a /b /c] >> /CharProcs << >> >>",
    )
    write("type3.pdf", pdf(type3))

    differences = pages(
        ["BT /F1 12 Tf 72 700 Td (\x01\x02\x03 plain) Tj ET"],
        font="<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman "
        "/Encoding << /BaseEncoding /WinAnsiEncoding /Differences [1 /fi /eacute /quoteright] >> >>",
    )
    write("differences.pdf", pdf(differences))

    form = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R /X2 7 0 R >> >> >>",
        stream("", "BT /F1 12 Tf 72 700 Td (Before the form) Tj ET q 1 0 0 1 0 -50 cm /X1 Do Q /X2 Do"),
        HELVETICA,
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Matrix [1 0 0 1 10 10] "
            "/Resources << /Font << /F1 5 0 R >> >>",
            "BT /F1 12 Tf 72 600 Td (Inside the form) Tj ET",
        ),
        # A form that draws itself: bounded by MAX_PDF_FORM_DEPTH.
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
            "/Resources << /XObject << /X2 7 0 R >> /Font << /F1 5 0 R >> >>",
            "BT /F1 8 Tf 72 500 Td (again) Tj ET /X2 Do",
        ),
    ]
    write("forms.pdf", pdf(form))

    annotated = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R] >>",
        stream("", "BT /F1 12 Tf 72 700 Td (Form field:) Tj ET"),
        HELVETICA,
        "<< /Type /Annot /Subtype /Widget /Rect [150 690 400 710] /F 4 /AS /On "
        "/AP << /N << /On 7 0 R /Off 7 0 R >> >> >>",
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 250 20] /Matrix [1 0 0 1 0 0] "
            "/Resources << /Font << /F1 5 0 R >> >>",
            "BT /F1 10 Tf 2 5 Td (Filled value) Tj ET",
        ),
    ]
    write("annotation.pdf", pdf(annotated))

    # Objects inside an object stream, found through a cross-reference stream.
    objstm_body = b"2 0 3 45 << /Type /Pages /Kids [4 0 R] /Count 1 >> " + HELVETICA.encode()
    first = objstm_body.index(b"<<")
    body = bytearray(b"%PDF-1.5\n")
    offsets = {}
    offsets[1] = len(body)
    body += b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    offsets[4] = len(body)
    body += (b"4 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
             b"/Resources << /Font << /F1 3 0 R >> >> >>\nendobj\n")
    content = b"BT /F1 12 Tf 72 700 Td (From an object stream) Tj ET"
    offsets[5] = len(body)
    body += b"5 0 obj\n" + stream("", content) + b"\nendobj\n"
    offsets[6] = len(body)
    header_numbers = b"2 0 3 %d " % (objstm_body.index(b"<< /Type /Font") - first)
    objstm = header_numbers + objstm_body[first:]
    body += b"6 0 obj\n" + stream("/Type /ObjStm /N 2 /First %d" % len(header_numbers), objstm) + b"\nendobj\n"
    xref_at = len(body)
    rows = [b"\x00\x00\x00\xff\xff"]
    for number in range(1, 8):
        if number in (2, 3):
            rows.append(b"\x02" + (6).to_bytes(2, "big") + (number - 2).to_bytes(2, "big"))
        elif number == 7:
            rows.append(b"\x01" + xref_at.to_bytes(2, "big") + b"\x00\x00")
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(2, "big") + b"\x00\x00")
    body += b"7 0 obj\n" + stream("/Type /XRef /Size 8 /W [1 2 2] /Root 1 0 R", b"".join(rows)) + b"\nendobj\n"
    body += b"startxref\n%d\n%%%%EOF\n" % xref_at
    write("object-stream.pdf", bytes(body))

    # An incremental update replacing the content stream.
    base = pdf(pages(["BT /F1 12 Tf 72 700 Td (Old text) Tj ET"]))
    previous_xref = int(base.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    update = bytearray(base)
    at = len(update)
    update += b"5 0 obj\n" + stream("", "BT /F1 12 Tf 72 700 Td (New text) Tj ET") + b"\nendobj\n"
    xref = len(update)
    update += b"xref\n5 1\n%010d 00000 n \ntrailer\n<< /Size 6 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        at, previous_xref, xref)
    write("incremental.pdf", bytes(update))

    # A page that draws but writes nothing (a scan without a text layer).
    write("textless.pdf", pdf(pages(["0 0 m 100 100 l S 10 10 100 100 re f"])))


if __name__ == "__main__":
    main()
