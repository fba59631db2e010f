"""The VOC Radar dashboard (Streamlit): ``streamlit_app.py`` routes, ``pages/`` hold UI only,
``queries.py`` holds every SQL statement (cached, bound parameters, ``FINAL``) and ``labels.py``
the Korean labels of the contract's codes.
"""
