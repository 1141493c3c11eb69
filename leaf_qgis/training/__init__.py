"""Train this project's own SL2P networks (issue 7): PROSAIL calibration database, training, bundling.

    from leaf_qgis.training.calibration import read_calibration
    from leaf_qgis.training.simulate import simulate, network_inputs, BandSource, S2_GEOMETRY
    from leaf_qgis.training.train import train_set
    from leaf_qgis.training.bundle import write_bundle, write_catalog

`simulate` needs the build-time packages prosail and numba (imported only there, so the plugin and the
engine never need them); the rest is numpy (+ scipy for the truncated-normal quantiles). `make models`
runs leaf_qgis.training.build, which rebuilds models/ (bit for bit on one machine); docs/training.md describes
the recipe.
"""
