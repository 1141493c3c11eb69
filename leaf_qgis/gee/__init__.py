"""Earth Engine backend: the same algorithm definitions and networks as the local engine, as `ee.Image` graphs.

Modules: session (credentials, project, errors in one sentence), collections (Earth Engine scenes with the
local engine's band names, scaling, angles and masks), landcover (CCRS legend from NALCMS / Copernicus),
graph (the SL2P estimator: inputs, networks, QC), download (tiled computePixels into COGs), export
(Drive / Cloud Storage / Asset tasks and their monitor) and estimate (the Estimate tool's EE run).
`ee` (earthengine-api) is imported only when a function here needs it, so the plugin works without it.
"""

from ..engine.errors import LeafError


def require_ee():
    """The `ee` module, or LeafError in one sentence when earthengine-api is not installed."""
    try:
        import ee
    except ImportError:
        raise LeafError("The Earth Engine backend needs the Python package earthengine-api; install it with the "
                        "plugin's dependency installer (Settings) or `pip install earthengine-api`.") from None
    except Exception as e:  # noqa: BLE001 (a damaged installation: one sentence, not its traceback)
        raise LeafError("The Python package earthengine-api cannot be imported (%s: %s); reinstall it with the "
                        "plugin's dependency installer (Settings)." % (type(e).__name__, e)) from None
    return ee
