"""networks.py: LEAF CSV and GEE-dump parsing (spec §1.2-§1.6), checked against test_vectors.md §D."""

import csv
import io
import pickle

import numpy as np
import pytest
from conftest import S2_DOMAIN_PKL, S2_ERRORS_CSV, S2_ERRORS_PKL, S2_ESTIMATES_CSV, S2_ESTIMATES_PKL, reference_forward

from leaf_qgis.engine import networks as nets
from leaf_qgis.engine.errors import LeafError
from leaf_qgis.engine.networks import Network, network_from_vector, read_domain, read_gee_dump, read_leaf_csv

# test_vectors.md §D: S2 row 0 through the LAI estimate network
D_X = [0.9881, 0.4426, -0.4955, 0.0128, 0.0147, 0.0422, 0.1111, 0.132, 0.152, 0.0903, 0.0572]
D_A = [0.451080751, -0.658449517, -0.495500001, -0.809708446, -0.745009759, -0.735004503, -0.73258788,
       -0.697344726, -0.677766434, -0.734607733, -0.707346593]
D_N = [1.08204719, -0.635862022, -0.882102924, -0.323743363, 0.974360319]
D_T = [0.793957034, -0.562075466, -0.707471262, -0.312887757, 0.750614147]
D_YN = -0.652084092842
D_OUT_SLOPE = 0.217995177502859
D_OUT_BIAS = -1.01447450119108
D_LAI = 1.66237809708


@pytest.fixture(scope="module")
def mirror(shared_dir):
    return shared_dir / "upstream-mirror"


@pytest.fixture(scope="module")
def estimates_csv_bytes(mirror):
    return (mirror / S2_ESTIMATES_CSV).read_bytes()


def _csv_rows(data: bytes):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _to_csv(rows) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode()


# --------------------------------------------------------------------------------------------
# LEAF CSV layout
# --------------------------------------------------------------------------------------------

def test_s2_csv_column_count_matches_layout_formula(estimates_csv_bytes, s2_network_tables):
    rows = _csv_rows(estimates_csv_bytes)
    header = rows[0]
    assert header == ["tabledata%d" % i for i in range(1, len(header) + 1)]
    est, _ = s2_network_tables
    for net in est.values():
        n_in, n_h = net.n_in, net.n_hidden
        assert (n_in, n_h) == (11, 5)
        assert 16 + 2 * n_in + n_h * (n_in + 2) == 103
    assert len(header) == 103
    assert all(len(r) == 103 for r in rows[1:] if r)


def test_seven_variable_ids_in_estimates_and_errors(s2_network_tables):
    est, err = s2_network_tables
    assert sorted(est) == [1, 2, 3, 4, 5, 6, 7]
    assert sorted(err) == [1, 2, 3, 4, 5, 6, 7]
    for table in (est, err):
        for vid, net in table.items():
            assert net.variable_id == vid
            assert net.h1_weights.shape == (5, 11)
            assert net.inp_slope.shape == net.inp_offset.shape == (11,)
            assert net.h1_bias.shape == net.h2_weights.shape == (5,)


def test_segments_follow_the_flat_row(estimates_csv_bytes, s2_network_tables):
    """Decode the first data row by hand (1-based p = 6, length prefixes) and compare every field."""
    rows = _csv_rows(estimates_csv_bytes)
    v = [float(x) for x in rows[1]]
    p = 5
    segments = []
    for _ in range(8):
        n = int(v[p])
        segments.append(np.array(v[p + 1:p + 1 + n]))
        p += n + 1
    assert p == len(v)
    net = s2_network_tables[0][int(v[2])]
    np.testing.assert_array_equal(net.inp_slope, segments[0])
    np.testing.assert_array_equal(net.inp_offset, segments[1])
    # hidden-major: weight from input j to hidden k is h1wt[k * n_in + j]
    for k in range(5):
        for j in range(11):
            assert net.h1_weights[k, j] == segments[2][k * 11 + j]
    np.testing.assert_array_equal(net.h1_bias, segments[3])
    np.testing.assert_array_equal(net.h2_weights, segments[4])
    assert net.h2_bias == segments[5][0]
    assert net.out_slope == segments[6][0]
    assert net.out_bias == segments[7][0]


def test_forward_pass_reproduces_test_vector_D(s2_network_tables):
    """Independent float64 forward pass, step by step, from the parsed fields of the LAI network."""
    lai = s2_network_tables[0][1]
    x = np.array(D_X)
    a = x * lai.inp_slope + lai.inp_offset
    np.testing.assert_allclose(a, D_A, rtol=1e-8, atol=1e-9)  # printed to 9 significant digits
    n = np.array([sum(lai.h1_weights[k, j] * a[j] for j in range(11)) + lai.h1_bias[k] for k in range(5)])
    np.testing.assert_allclose(n, D_N, rtol=1e-8, atol=1e-9)  # printed to 9 significant digits
    t = 2.0 / (1.0 + np.exp(-2.0 * n)) - 1.0
    np.testing.assert_allclose(t, D_T, rtol=1e-8, atol=1e-9)  # printed to 9 significant digits
    y_n = float(np.dot(lai.h2_weights, t) + lai.h2_bias)
    assert y_n == pytest.approx(D_YN, abs=2e-12)
    assert lai.out_slope == pytest.approx(D_OUT_SLOPE, rel=1e-14)
    assert lai.out_bias == pytest.approx(D_OUT_BIAS, rel=1e-14)
    assert (y_n - lai.out_bias) / lai.out_slope == pytest.approx(D_LAI, abs=2e-11)
    # the shared reference helper used by the other tests agrees
    assert reference_forward(lai, x[None, :])[0] == pytest.approx(D_LAI, abs=2e-11)


def test_input_and_output_ranges_match_spec_table(s2_network_tables):
    """spec §1.8: S2 20 m V0 LAI row input ranges and output range [0.066, 9.24]."""
    lai = s2_network_tables[0][1]
    lo, hi = lai.input_range()
    expected = [(0.9566, 1), (0.3420, 0.9309), (-1, 1), (-0.0113, 0.2418), (-0.0225, 0.2694), (0.0012, 0.3104),
                (0.0308, 0.6314), (0.0181, 0.7710), (0.0328, 0.7724), (0.0259, 0.5112), (-0.0201, 0.5083)]
    np.testing.assert_allclose(lo, [e[0] for e in expected], atol=6e-5)
    np.testing.assert_allclose(hi, [e[1] for e in expected], atol=6e-5)
    ymin, ymax = lai.output_range()
    assert ymin == pytest.approx(0.066, abs=6e-4)
    assert ymax == pytest.approx(9.24, abs=6e-3)


def test_leaf_csv_and_gee_pickle_give_identical_networks(mirror):
    for csv_rel, pkl_rel in ((S2_ESTIMATES_CSV, S2_ESTIMATES_PKL), (S2_ERRORS_CSV, S2_ERRORS_PKL)):
        from_csv = read_leaf_csv((mirror / csv_rel).read_bytes(), csv_rel)
        from_pkl = read_gee_dump((mirror / pkl_rel).read_bytes(), pkl_rel)
        assert sorted(from_pkl) == sorted(from_csv) == [1, 2, 3, 4, 5, 6, 7]
        for vid, a in from_csv.items():
            b = from_pkl[vid]
            for name in ("inp_slope", "inp_offset", "h1_weights", "h1_bias", "h2_weights"):
                np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg="%s %d" % (name, vid))
            assert (a.h2_bias, a.out_slope, a.out_bias, a.variable_id) == (b.h2_bias, b.out_slope, b.out_bias,
                                                                           b.variable_id)


def test_first_row_wins_for_a_repeated_variable(estimates_csv_bytes):
    rows = _csv_rows(estimates_csv_bytes)
    lai_rows = [r for r in rows[1:] if r and float(r[2]) == 1]
    changed = list(lai_rows[0])
    changed[-1] = repr(float(changed[-1]) + 1.0)  # different outBias
    data = _to_csv([rows[0], lai_rows[0], changed])
    assert read_leaf_csv(data, "dup")[1].out_bias == float(lai_rows[0][-1])


def test_csv_with_bom_and_crlf_parses(estimates_csv_bytes):
    data = b"\xef\xbb\xbf" + estimates_csv_bytes.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    assert sorted(read_leaf_csv(data, "bom")) == list(range(1, 8))


# --------------------------------------------------------------------------------------------
# Malformed tables
# --------------------------------------------------------------------------------------------

def _malformed(estimates_csv_bytes, edit):
    rows = _csv_rows(estimates_csv_bytes)
    header, row = rows[0], list(rows[1])
    header, row = edit(header, row)
    return _to_csv([header, row])


@pytest.mark.parametrize("case", ["truncated", "truncated_header_too", "bad_length_prefix", "zero_length",
                                  "fractional_length", "length_past_end", "non_numeric", "empty_cell",
                                  "zero_slope", "segments_do_not_fit"])
def test_malformed_rows_raise_value_error(estimates_csv_bytes, case):
    def edit(header, row):
        if case == "truncated":
            return header, row[:60]
        if case == "truncated_header_too":
            return header[:60], row[:60]
        if case == "bad_length_prefix":       # inpSlope says 12 values instead of 11
            row[5] = "12"
        elif case == "zero_length":
            row[5] = "0"
        elif case == "fractional_length":
            row[5] = "11.5"
        elif case == "length_past_end":       # outBias segment claims 2 values
            row[101] = "2"
        elif case == "non_numeric":
            row[40] = "abc"
        elif case == "empty_cell":
            row[40] = ""
        elif case == "zero_slope":
            row[6] = "0"
        elif case == "segments_do_not_fit":   # a consistent row whose inpOffset has 10 values for 11 inputs
            row[17] = "10"
            return header[:-1], row[:18] + row[19:]
        return header, row

    with pytest.raises(ValueError):
        read_leaf_csv(_malformed(estimates_csv_bytes, edit), "bad.csv")


def test_malformed_messages_name_the_source(estimates_csv_bytes):
    with pytest.raises(ValueError, match="bad.csv"):
        read_leaf_csv(_malformed(estimates_csv_bytes, lambda h, r: (h, r[:60])), "bad.csv")
    with pytest.raises(ValueError, match="bad.csv"):
        read_leaf_csv(_malformed(estimates_csv_bytes, lambda h, r: (h, r[:40] + ["x"] + r[41:])), "bad.csv")


def test_not_a_table_raises_value_error():
    with pytest.raises(ValueError):
        read_leaf_csv(b"\xff\xfe\x00garbage", "binary.csv")
    with pytest.raises(ValueError):
        read_leaf_csv(b"tabledata1,tabledata2\n", "empty.csv")
    with pytest.raises(ValueError):
        read_leaf_csv(b"a,b,c\n1,2,3\n", "other.csv")
    with pytest.raises(ValueError):
        network_from_vector([0, 0, 1, 0], "short")


def test_gee_dump_of_wrong_shape_raises_value_error():
    with pytest.raises(ValueError):
        read_gee_dump(pickle.dumps({"type": "Image"}), "img.pkl")
    with pytest.raises(ValueError):
        read_gee_dump(pickle.dumps({"type": "FeatureCollection", "features": [1, 2]}), "fc.pkl")


def test_gee_dump_with_a_global_is_refused():
    with pytest.raises(LeafError, match="^numpy.pkl is not plain data: its pickle asks for "):
        read_gee_dump(pickle.dumps(np.zeros(3)), "numpy.pkl")


# --------------------------------------------------------------------------------------------
# Domain codes
# --------------------------------------------------------------------------------------------

def test_domain_pickle_and_csv_hold_the_same_609_codes(shared_dir):
    from_pkl = read_domain((shared_dir / "upstream-mirror" / S2_DOMAIN_PKL).read_bytes(), "d.pkl", "gee-dump-pickle")
    csv_path = shared_dir / "leaf-networks/extra/SL2P-PYTHON_assets/S2_SL2P_WEISS_ORIGINAL_DOMAIN.csv"
    from_csv = read_domain(csv_path.read_bytes(), "d.csv", "csv")
    assert from_pkl.size == 609
    np.testing.assert_array_equal(from_pkl, from_csv)
    assert np.all(np.diff(from_pkl) > 0)
    assert 11222111 in from_pkl and 44554333 not in from_pkl


def test_domain_rejects_non_integers_and_empty():
    with pytest.raises(ValueError):
        read_domain(b"DomainCode\nabc\n", "d.csv", "csv")
    with pytest.raises(ValueError):
        read_domain(b"DomainCode\n", "d.csv", "csv")
    np.testing.assert_array_equal(read_domain(b"DomainCode\n12\n3\n12\n", "d.csv", "csv"), [3, 12])


# --------------------------------------------------------------------------------------------
# Fusing
# --------------------------------------------------------------------------------------------

def test_fuse_folds_scaling_into_two_dense_layers(s2_network_tables):
    from leaf_qgis.engine import tflite_format as tf
    est, err = s2_network_tables
    model = tf.parse(nets.fuse(est, err, [1, 3]))
    fc = [op for op in model.operators if op.opcode == tf.OP_FULLY_CONNECTED]
    assert len(fc) == 2
    w1 = model.tensors[fc[0].inputs[1]].data
    b1 = model.tensors[fc[0].inputs[2]].data
    w2 = model.tensors[fc[1].inputs[1]].data
    b2 = model.tensors[fc[1].inputs[2]].data
    assert w1.shape == (20, 11) and b1.shape == (20,) and w2.shape == (4, 20) and b2.shape == (4,)
    # block k of the first layer belongs to network k in the order [est 1, err 1, est 3, err 3]
    for k, net in enumerate([est[1], err[1], est[3], err[3]]):
        sl = slice(5 * k, 5 * k + 5)
        np.testing.assert_allclose(w1[sl], (net.h1_weights * net.inp_slope).astype(np.float32), rtol=1e-7)
        np.testing.assert_allclose(b1[sl], (net.h1_weights @ net.inp_offset + net.h1_bias).astype(np.float32),
                                   rtol=1e-6)
        np.testing.assert_allclose(w2[k, sl], (net.h2_weights / net.out_slope).astype(np.float32), rtol=1e-7)
        assert np.all(np.delete(w2[k], np.arange(5 * k, 5 * k + 5)) == 0)
        assert b2[k] == pytest.approx((net.h2_bias - net.out_bias) / net.out_slope, rel=1e-6)


def test_fuse_refuses_missing_variable_and_mismatched_inputs(s2_network_tables):
    est, err = s2_network_tables
    with pytest.raises(ValueError, match="variable ID 8"):
        nets.fuse(est, err, [1, 8])
    small = Network(1, np.ones(3), np.zeros(3), np.ones((5, 3)), np.zeros(5), np.ones(5), 0.0, 1.0, 0.0)
    with pytest.raises(ValueError):
        nets.fuse({1: est[1]}, {1: small}, [1])
