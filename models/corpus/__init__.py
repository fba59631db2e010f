"""The project's own labelled VOC corpus: synthetic, hand-written template families.

:mod:`vocradar.models.corpus.build` composes contract events (shared/voc-contract.md) with a
``label`` (category, alert, reasons) from many hand-written *families* (one writer style plus
one situation each) and writes ``voc_ko.jsonl`` (Korean) and ``voc_en.jsonl`` (English) next
to this file, together with the datasheet ``README.md``. Every item carries ``meta.family``,
``meta.split`` (``train``/``test``, assigned by family, never by row) and ``meta.style``.

Regenerate with ``python -m vocradar.models.corpus.build``; the output is deterministic.
"""
