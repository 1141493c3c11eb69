"""Sun position (zenith and azimuth) from UTC time and longitude/latitude, vectorised with numpy.

Algorithm: the NOAA Solar Calculator equations (NOAA Global Monitoring Laboratory, "General Solar
Position Calculations", after J. Meeus, Astronomical Algorithms, 1991): the sun's apparent longitude,
the obliquity of the ecliptic with the nutation term, the equation of time and the hour angle. NOAA
states an accuracy of about 0.01 degree for years 1800-2100 (geometric position, without atmospheric
refraction; refraction is not applied here, as the Landsat MTL SUN_ELEVATION is geometric too). Against
the SUN_AZIMUTH/SUN_ELEVATION of real Landsat Collection-2 MTL files at their scene centre it agrees to
better than 0.1 degree (tests/test_landsat.py), the residual coming mostly from the scene centre, which
the MTL does not give and which is taken as the centre of the product corners.
"""

import datetime
from typing import Tuple

import numpy as np

_J2000 = datetime.datetime(2000, 1, 1, 12, 0, 0)  # JD 2451545.0, in UTC (TT - UTC, ~70 s, is neglected)


def julian_centuries(when: datetime.datetime, seconds=0.0):
    """Julian centuries since J2000.0 of `when` (naive UTC) plus `seconds` (scalar or array)."""
    if when.tzinfo is not None:
        when = when.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    days = (when - _J2000).total_seconds() / 86400.0 + np.asarray(seconds, dtype=np.float64) / 86400.0
    return days / 36525.0


def sun_position(when: datetime.datetime, lon, lat, seconds=0.0) -> Tuple[np.ndarray, np.ndarray]:
    """(solar zenith, solar azimuth) in degrees at UTC time `when` + `seconds` for longitude/latitude in
    degrees (east and north positive; arrays broadcast). Azimuth is clockwise from north in [0, 360)."""
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    t = julian_centuries(when, seconds)
    rad = np.radians
    l0 = np.mod(280.46646 + t * (36000.76983 + t * 0.0003032), 360.0)       # geometric mean longitude
    m = 357.52911 + t * (35999.05029 - 0.0001537 * t)                       # mean anomaly
    e = 0.016708634 - t * (0.000042037 + 0.0000001267 * t)                  # orbit eccentricity
    c = (np.sin(rad(m)) * (1.914602 - t * (0.004817 + 0.000014 * t))
         + np.sin(rad(2 * m)) * (0.019993 - 0.000101 * t) + np.sin(rad(3 * m)) * 0.000289)
    omega = 125.04 - 1934.136 * t
    apparent = l0 + c - 0.00569 - 0.00478 * np.sin(rad(omega))             # apparent longitude
    eps0 = 23.0 + (26.0 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60.0) / 60.0
    eps = eps0 + 0.00256 * np.cos(rad(omega))                               # corrected obliquity
    decl = np.arcsin(np.sin(rad(eps)) * np.sin(rad(apparent)))
    y = np.tan(rad(eps / 2.0)) ** 2
    eot = 4.0 * np.degrees(y * np.sin(2 * rad(l0)) - 2 * e * np.sin(rad(m))
                           + 4 * e * y * np.sin(rad(m)) * np.cos(2 * rad(l0))
                           - 0.5 * y * y * np.sin(4 * rad(l0)) - 1.25 * e * e * np.sin(2 * rad(m)))  # minutes
    utc_minutes = np.mod(t * 36525.0 + 0.5, 1.0) * 1440.0                   # minutes since 0h UTC
    hour_angle = rad(np.mod(utc_minutes + eot + 4.0 * lon, 1440.0) / 4.0 - 180.0)
    phi = rad(lat)
    cos_zen = np.sin(phi) * np.sin(decl) + np.cos(phi) * np.cos(decl) * np.cos(hour_angle)
    zenith = np.degrees(np.arccos(np.clip(cos_zen, -1.0, 1.0)))
    azimuth = np.degrees(np.arctan2(np.sin(hour_angle),
                                    np.cos(hour_angle) * np.sin(phi) - np.tan(decl) * np.cos(phi))) + 180.0
    return zenith, np.mod(azimuth, 360.0)
