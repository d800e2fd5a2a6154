"""Reading a PDF's tags back with pikepdf, an independent PDF library (qpdf)."""

import io

import pikepdf


def assert_tagged(data: bytes) -> None:
    with pikepdf.open(io.BytesIO(data)) as document:
        root = document.Root
        assert "/StructTreeRoot" in root
        assert len(root.StructTreeRoot.K) > 0  # the tree has content
        assert bool(root.MarkInfo.Marked)
        assert str(root.Lang).lower().startswith("en")
        assert "pdfuaid" in document.open_metadata().__str__()


def structure_types(data: bytes) -> set[str]:
    types: set[str] = set()
    with pikepdf.open(io.BytesIO(data)) as document:
        stack = [document.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Dictionary):
                if "/S" in node:
                    types.add(str(node.S))
                if "/K" in node:
                    stack.append(node.K)
            elif isinstance(node, pikepdf.Array):
                stack.extend(node)
    return types
