"""The VOC Radar dashboard (Streamlit): ``streamlit_app.py`` routes, ``views/`` hold the pages
(UI only; not ``pages/``, which Streamlit would treat as legacy multipage files),
``queries.py`` holds every SQL statement (cached, bound parameters, deduplicated reads),
``labels.py`` the Korean labels of the contract's codes, ``auth.py`` the roles and login,
``faq.py`` the grouping of repeated questions and ``bench.py`` the page-render benchmark.
"""
