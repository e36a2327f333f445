"""The local control panel (`legant guard ui`): server.py (HTTP and its security gate), page.html (the single self-contained page), controls.py (the operations it and the demo share)."""
