"""VOC Radar: a stream-processing monitor for the voice of the customer and viral risk.

The import package ``vocradar`` is assembled from the repository's top-level folders
(``streams/``, ``models/``, ``connectors/``, ``dashboards/``, ``lexicons/``); this core
package owns the settings, the command line and the embedded runtime.
"""

__version__ = "0.1.0"
