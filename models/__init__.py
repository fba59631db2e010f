"""Pure analysis for VOC Radar: event contract, Kiwi analyser, PII masking, classifier, risk scorer.

Nothing in this package imports faust or streamlit; the stream agents and the offline
``vocradar score`` command both hand batches to the classes defined here.
"""
