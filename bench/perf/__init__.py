"""Building blocks of the performance benchmark (``bench/run.py``).

``products`` draws the catalog, ``prose``/``assets``/``page`` render the product pages,
``measure`` runs a command and measures it, ``outputs`` reads what each tool extracted and
``table`` prints the comparison.
"""
