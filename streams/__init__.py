"""The Faust application of VOC Radar: topics, the per-process runtime, and one module per agent."""
