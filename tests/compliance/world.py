"""A seeded Daftar Data for eleven OPDs, with every expected score worked out by hand.

The date of the board is 15 May 2025 (AS_OF). Weights: 0.30 delivered, 0.15 on time,
0.10 valid, 0.10 published, 0.15 freshness, 0.10 coverage, 0.10 metadata.
"""

from __future__ import annotations

from datetime import date

from tests.compliance.conftest import ALL_KABKOTA, Seeder, kabkota

AS_OF = date(2025, 5, 15)
PROVINCE = ["35"]


def months(*keys: str) -> dict[str, list[str]]:
    return {k: ALL_KABKOTA for k in keys}


def build_world(s: Seeder) -> None:
    for code, short in [("DINKES", "Dinas Kesehatan"), ("DINDIK", "Dinas Pendidikan"),
                        ("BAPPEDA", "Bappeda"), ("DISPERINDAG", "Disperindag"),
                        ("DISPENDUKCAPIL", "Dispendukcapil"), ("DINSOS", "Dinas Sosial"),
                        ("DISNAKERTRANS", "Disnakertrans"), ("DISHUB", "Dinas Perhubungan"),
                        ("DLH", "Dinas Lingkungan Hidup"), ("BPBD", "BPBD"),
                        ("DISKOMINFO", "Diskominfo")]:  # fmt: skip
        s.org(code, short)

    # DINKES, item 1: 2023 on time and published; 2024 (due 31 Mar 2025) never sent:
    # 45 days late on 15 May. E=2 D=1 T=1 V=1 P=1, lag 1 → F=0.5, C=1, M=1 → 60.0.
    # The source was filled in only on 1 June 2024 (metadata history).
    puskesmas = s.dataset("DINKES", "jumlah-puskesmas", sector="kesehatan")
    s.metadata_change(puskesmas, "2024-06-01", {"source": ""})
    s.version(puskesmas, {"2023": ALL_KABKOTA},
              [("submit", "2024-03-20"), ("take", "2024-03-21"), ("approve", "2024-03-25"),
               ("publish", "2024-03-28")])  # fmt: skip
    s.item("DINKES", "Jumlah Puskesmas", "tahunan", "2023-01-01", dataset=puskesmas,
           sector="kesehatan")  # fmt: skip
    # DINKES, item 2 (priority, counts twice): 2024 on time, complete → 100.
    # OPD: (60 + 2 × 100) / 3 = 86.67 → 86.7.
    stunting = s.dataset("DINKES", "prevalensi-stunting", priority=True, sector="kesehatan")
    s.version(stunting, {"2024": ALL_KABKOTA},
              [("submit", "2025-03-03"), ("take", "2025-03-04"), ("approve", "2025-03-05"),
               ("pembina", "2025-03-05"), ("approve", "2025-03-10"), ("publish", "2025-03-11")])  # fmt: skip
    s.item("DINKES", "Prevalensi Balita Stunting", "tahunan", "2024-01-01", dataset=stunting,
           priority=True, sector="kesehatan")  # fmt: skip

    # DINDIK: 2023 and 2024 each on time, published, complete → 100.
    sekolah = s.dataset("DINDIK", "jumlah-sekolah", sector="pendidikan")
    s.version(sekolah, {"2023": ALL_KABKOTA}, [("submit", "2024-03-10"), ("take", "2024-03-11"),
              ("approve", "2024-03-12"), ("publish", "2024-03-13")])  # fmt: skip
    s.version(sekolah, {"2023": ALL_KABKOTA, "2024": ALL_KABKOTA},
              [("submit", "2025-03-30"), ("take", "2025-04-01"), ("approve", "2025-04-02"),
               ("publish", "2025-04-10")])  # fmt: skip
    s.item("DINDIK", "Jumlah Sekolah", "tahunan", "2023-01-01", dataset=sekolah,
           sector="pendidikan")  # fmt: skip

    # BAPPEDA: 2023 and 2024 both first sent on 20 April 2025 (385 and 20 days late),
    # approved, not published. E=2 D=2 T=0 V=2 P=0 F=1 C=1 M=1 → 75.0.
    pdrb = s.dataset("BAPPEDA", "pdrb", sector="ekonomi")
    s.version(
        pdrb,
        {"2023": ALL_KABKOTA, "2024": ALL_KABKOTA},
        [("submit", "2025-04-20"), ("take", "2025-04-21"), ("approve", "2025-04-22")],
    )
    s.item("BAPPEDA", "PDRB", "tahunan", "2023-01-01", dataset=pdrb, sector="ekonomi")

    # DISPERINDAG, monthly from January 2025: Jan–Apr due (10 Feb, 10 Mar, 10 Apr, 10 May).
    # v1 (Jan, Feb) sent 5 Mar: Jan 23 days late, Feb on time; published.
    # v2 (Jan–Apr) sent 9 May, still submitted: Mar 29 days late, Apr on time.
    # E=4 D=4 T=2 V=2 P=2 F=1 C=1 M=1 → 30+7.5+5+5+15+10+10 = 82.5.
    ekspor = s.dataset("DISPERINDAG", "ekspor-bulanan", sector="perdagangan")
    s.version(ekspor, months("2025-01-01", "2025-02-01"),
              [("submit", "2025-03-05"), ("take", "2025-03-06"), ("approve", "2025-03-06"),
               ("publish", "2025-03-07")])  # fmt: skip
    s.version(
        ekspor,
        months("2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"),
        [("submit", "2025-05-09")],
    )
    s.item("DISPERINDAG", "Nilai Ekspor Bulanan", "bulanan", "2025-01-01", dataset=ekspor,
           sector="perdagangan")  # fmt: skip

    # DISPENDUKCAPIL: 2024 on time but 35 of 38 kab/kota (no Sampang, Sumenep, Kota Batu).
    # E=1 D=1 T=1 V=1 P=1 F=1 C=35/38 M=1 → 90 + 10 × 35/38 = 99.21 → OPD 99.2.
    penduduk = s.dataset("DISPENDUKCAPIL", "jumlah-penduduk", sector="kependudukan")
    s.version(penduduk, {"2024": kabkota("35.27", "35.29", "35.79")},
              [("submit", "2025-03-15"), ("take", "2025-03-16"), ("approve", "2025-03-17"),
               ("publish", "2025-03-20")])  # fmt: skip
    s.item("DISPENDUKCAPIL", "Jumlah Penduduk", "tahunan", "2024-01-01", dataset=penduduk,
           sector="kependudukan")  # fmt: skip

    # DINSOS: no dataset at all; 2024 due 31 Mar 2025, 45 days late → 0.0.
    s.item("DINSOS", "Jumlah Penduduk Miskin", "tahunan", "2024-01-01", sector="sosial")

    # DISNAKERTRANS: Triwulan I 2025 (due 30 Apr) sent 25 Apr, returned 28 Apr; the
    # dataset lacks unit/measure and source (8 of 10 fields).
    # E=1 D=1 T=1 V=0 P=0 F=1 C=1 M=0.8 → 30+15+15+10+8 = 78.0.
    tpt = s.dataset("DISNAKERTRANS", "pengangguran-triwulanan", sector="ketenagakerjaan",
                    unit="", measure="", source="")  # fmt: skip
    s.version(
        tpt,
        {"Triwulan I 2025": ALL_KABKOTA},
        [("submit", "2025-04-25"), ("take", "2025-04-26"), ("return", "2025-04-28")],
    )
    s.item("DISNAKERTRANS", "Tingkat Pengangguran Terbuka", "triwulanan", "2025-01-01",
           dataset=tpt, sector="ketenagakerjaan")  # fmt: skip

    # DISHUB, half-yearly from July 2023, province data: Semester II 2023 due 29 Feb 2024
    # (a leap year) sent on 29 Feb: on time; Semester I 2024 due 31 Aug sent 2 Sep (2 days
    # late); Semester II 2024 due 28 Feb 2025 sent 1 Mar (1 day late); each published.
    # E=3 D=3 T=1 V=3 P=3 F=1 C=1 M=1 → 30+5+10+10+15+10+10 = 90.0.
    angkutan = s.dataset("DISHUB", "penumpang-angkutan", sector="perhubungan",
                         region_level="provinsi")  # fmt: skip
    s.version(angkutan, {"2023-S2": PROVINCE}, [("submit", "2024-02-29"), ("take", "2024-03-01"),
              ("approve", "2024-03-01"), ("publish", "2024-03-02")])  # fmt: skip
    s.version(angkutan, {"2023-S2": PROVINCE, "2024-S1": PROVINCE},
              [("submit", "2024-09-02"), ("take", "2024-09-03"), ("approve", "2024-09-03"),
               ("publish", "2024-09-04")])  # fmt: skip
    s.version(angkutan, {"2023-S2": PROVINCE, "2024-S1": PROVINCE, "2024-S2": PROVINCE},
              [("submit", "2025-03-01"), ("take", "2025-03-02"), ("approve", "2025-03-02"),
               ("publish", "2025-03-03")])  # fmt: skip
    s.item("DISHUB", "Jumlah Penumpang Angkutan Umum", "semesteran", "2023-07-01",
           dataset=angkutan, level="provinsi", sector="perhubungan")  # fmt: skip

    # DLH, monthly, added to the Daftar Data on 15 March 2025: owes March (due 10 Apr) and
    # April (due 10 May) only, although its data starts in January. v1 (Jan–Mar) sent
    # 8 Apr, published; v2 (Jan–Apr) sent 12 May (2 days late), in review.
    # E=2 D=2 T=1 V=1 P=1 F=1 C=1 M=1 → 30+7.5+5+5+15+10+10 = 82.5.
    udara = s.dataset("DLH", "kualitas-udara", sector="lingkungan hidup", region_level="provinsi")
    s.version(udara, {"2025-01": PROVINCE, "2025-02": PROVINCE, "2025-03": PROVINCE},
              [("submit", "2025-04-08"), ("take", "2025-04-08"), ("approve", "2025-04-09"),
               ("publish", "2025-04-09")])  # fmt: skip
    s.version(udara, {"2025-01": PROVINCE, "2025-02": PROVINCE, "2025-03": PROVINCE,
                      "2025-04": PROVINCE}, [("submit", "2025-05-12"), ("take", "2025-05-13")])  # fmt: skip
    s.item("DLH", "Indeks Kualitas Udara", "bulanan", "2025-03-15", dataset=udara,
           level="provinsi", sector="lingkungan hidup")  # fmt: skip

    # BPBD, daily from 10 May 2025 (due the next day): 10–13 May are due on 15 May.
    # One version with 10–12 May sent 12 May: 10 May 1 day late, 11 and 12 on time;
    # 13 May missing (1 day late). E=4 D=3 T=2 V=3 P=3, lag 1 → F=0.5, C=1, M=1
    # → 22.5+7.5+7.5+7.5+7.5+10+10 = 72.5.
    bencana = s.dataset("BPBD", "kejadian-bencana-harian", sector="kebencanaan",
                        region_level="provinsi")  # fmt: skip
    s.version(bencana, {"2025-05-10": PROVINCE, "2025-05-11": PROVINCE, "2025-05-12": PROVINCE},
              [("submit", "2025-05-12"), ("take", "2025-05-12"), ("approve", "2025-05-12"),
               ("publish", "2025-05-12")])  # fmt: skip
    s.item("BPBD", "Kejadian Bencana Harian", "harian", "2025-05-10", dataset=bencana,
           level="provinsi", sector="kebencanaan")  # fmt: skip

    # DISKOMINFO: owes from July 2025 only: nothing due, no score, no rank.
    s.item("DISKOMINFO", "Indeks SPBE", "tahunan", "2025-07-01", level="provinsi",
           sector="komunikasi")  # fmt: skip


# OPD -> (score, rank) on 15 May 2025
EXPECTED = {
    "DINDIK": (100.0, 1), "DISPENDUKCAPIL": (99.2, 2), "DISHUB": (90.0, 3),
    "DINKES": (86.7, 4), "DISPERINDAG": (82.5, 5), "DLH": (82.5, 5),
    "DISNAKERTRANS": (78.0, 7), "BAPPEDA": (75.0, 8), "BPBD": (72.5, 9), "DINSOS": (0.0, 10),
    "DISKOMINFO": (None, None),
}  # fmt: skip
