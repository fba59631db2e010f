"""The VOC Radar dashboard (Streamlit): ``streamlit_app.py`` routes, ``views/`` hold the pages
(UI only; not ``pages/``, which Streamlit would treat as legacy multipage files),
``queries.py`` holds every SQL statement (cached, bound parameters, ``FINAL``) and ``labels.py``
the Korean labels of the contract's codes.
"""
