"""Indonesian metadata (SDI/BPS style) of each sample dataset, keyed by slug.

`sample.py` adds the keys every dataset shares: license, producer, is_sample, and the
sentence saying the data is synthetic.
"""

from __future__ import annotations

SAMPLE_NOTICE = (
    "(data contoh) Data ini adalah data sintetis untuk demonstrasi platform Satu Data "
    "Jawa Timur: angka dibangkitkan secara acak dengan pola yang menyerupai keadaan "
    "sebenarnya, bukan statistik resmi, dan tidak untuk dikutip."
)

_KK = "kabupaten_kota"
_KAB_KOTA = "Kabupaten/kota (kode wilayah Kemendagri)"

TEXTS: dict[str, dict[str, object]] = {
    "jumlah-sekolah-dan-siswa-sma-smk-per-kabkota": {
        "title": "Jumlah Sekolah dan Siswa SMA/SMK Menurut Kabupaten/Kota di Jawa Timur",
        "description": (
            "Jumlah satuan pendidikan Sekolah Menengah Atas (SMA) dan Sekolah Menengah "
            "Kejuruan (SMK) berstatus negeri dan swasta beserta jumlah peserta didiknya di "
            "setiap kabupaten/kota, keadaan semester ganjil tahun ajaran berjalan. Pengelolaan "
            "SMA/SMK merupakan kewenangan pemerintah provinsi."
        ),
        "sector": "pendidikan",
        "tags": ["pendidikan", "sekolah", "SMA", "SMK", "peserta didik", "Dapodik"],
        "access_level": "terbuka",
        "concept": (
            "Satuan pendidikan adalah kelompok layanan pendidikan yang menyelenggarakan "
            "pendidikan pada jalur formal, nonformal, dan informal pada setiap jenjang dan "
            "jenis pendidikan. Peserta didik adalah anggota masyarakat yang berusaha "
            "mengembangkan potensi diri melalui proses pembelajaran yang tersedia pada jalur, "
            "jenjang, dan jenis pendidikan tertentu."
        ),
        "definition": (
            "Jumlah sekolah adalah banyaknya SMA dan SMK negeri dan swasta yang aktif dan "
            "terdaftar dalam Data Pokok Pendidikan (Dapodik). Jumlah siswa adalah banyaknya "
            "peserta didik kelas X sampai XII yang terdaftar pada SMA dan SMK pada semester "
            "ganjil tahun ajaran yang dimulai pada tahun tersebut."
        ),
        "classification": (
            f"{_KAB_KOTA}; jenjang pendidikan (SMA, SMK); status sekolah (negeri, swasta)"
        ),
        "measure": "Jumlah",
        "unit": "Unit (sekolah); orang (siswa)",
        "frequency": "tahunan",
        "period_coverage": "2019–2024",
        "region_level": _KK,
        "source": (
            "Data Pokok Pendidikan (Dapodik), Kementerian Pendidikan, Kebudayaan, Riset, dan "
            "Teknologi; diolah Dinas Pendidikan Provinsi Jawa Timur"
        ),
        "release_schedule": "Oktober setiap tahun (keadaan semester ganjil)",
        "priority": True,
        "bps_indicator_code": "",
        "kode_dssd": "DSSD-3500-PDK-001",
    },
    "angka-partisipasi-sekolah-per-kabkota": {
        "title": "Angka Partisipasi Sekolah (APS) Menurut Kelompok Umur dan Kabupaten/Kota",
        "description": (
            "Angka Partisipasi Sekolah penduduk usia 7–12, 13–15, 16–18, dan 19–23 tahun di "
            "setiap kabupaten/kota di Jawa Timur. Indikator ini digunakan untuk memantau "
            "akses pendidikan, termasuk capaian wajib belajar 12 tahun."
        ),
        "sector": "pendidikan",
        "tags": ["pendidikan", "APS", "partisipasi sekolah", "Susenas", "wajib belajar"],
        "access_level": "terbuka",
        "concept": (
            "Angka Partisipasi Sekolah (APS) merupakan ukuran daya serap lembaga pendidikan "
            "terhadap penduduk usia sekolah, yaitu proporsi penduduk pada kelompok umur "
            "tertentu yang masih bersekolah tanpa memandang jenjang pendidikan yang diikuti."
        ),
        "definition": (
            "APS adalah perbandingan antara jumlah penduduk pada kelompok usia sekolah "
            "tertentu yang masih bersekolah dengan jumlah penduduk pada kelompok usia yang "
            "sama, dinyatakan dalam persen. Bersekolah mencakup pendidikan formal dan "
            "nonformal (Paket A, Paket B, Paket C)."
        ),
        "classification": f"{_KAB_KOTA}; kelompok umur (7–12, 13–15, 16–18, 19–23 tahun)",
        "measure": "Persentase",
        "unit": "Persen",
        "frequency": "tahunan",
        "period_coverage": "2019–2024",
        "region_level": _KK,
        "source": (
            "Survei Sosial Ekonomi Nasional (Susenas) Maret, BPS Provinsi Jawa Timur; diolah "
            "Dinas Pendidikan Provinsi Jawa Timur"
        ),
        "release_schedule": "Desember setiap tahun",
        "priority": False,
        "bps_indicator_code": "BPS-3500-APS",
        "kode_dssd": "DSSD-3500-PDK-002",
    },
    "jumlah-puskesmas-dan-tenaga-kesehatan-per-kabkota": {
        "title": (
            "Jumlah Puskesmas dan Tenaga Kesehatan di Puskesmas Menurut Kabupaten/Kota "
            "di Jawa Timur"
        ),
        "description": (
            "Jumlah puskesmas rawat inap dan non rawat inap serta jumlah dokter, perawat, "
            "dan bidan yang bertugas di puskesmas pada setiap kabupaten/kota, posisi akhir "
            "tahun. Data disampaikan dalam format tabel Profil Kesehatan."
        ),
        "sector": "kesehatan",
        "tags": ["kesehatan", "puskesmas", "tenaga kesehatan", "dokter", "perawat", "bidan"],
        "access_level": "terbuka",
        "concept": (
            "Pusat Kesehatan Masyarakat (Puskesmas) adalah fasilitas pelayanan kesehatan yang "
            "menyelenggarakan upaya kesehatan masyarakat dan upaya kesehatan perseorangan "
            "tingkat pertama dengan lebih mengutamakan upaya promotif dan preventif di "
            "wilayah kerjanya. Tenaga kesehatan adalah setiap orang yang mengabdikan diri "
            "dalam bidang kesehatan serta memiliki pengetahuan dan/atau keterampilan melalui "
            "pendidikan di bidang kesehatan."
        ),
        "definition": (
            "Jumlah puskesmas adalah banyaknya puskesmas yang telah teregistrasi di "
            "Kementerian Kesehatan, dibedakan menjadi puskesmas rawat inap dan non rawat "
            "inap. Jumlah tenaga kesehatan adalah banyaknya dokter (dokter umum dan dokter "
            "gigi), perawat, dan bidan berstatus ASN maupun non-ASN yang bertugas di "
            "puskesmas pada tanggal 31 Desember."
        ),
        "classification": (
            f"{_KAB_KOTA}; jenis puskesmas (rawat inap, non rawat inap); jenis tenaga "
            "kesehatan (dokter, perawat, bidan)"
        ),
        "measure": "Jumlah",
        "unit": "Unit (puskesmas); orang (tenaga kesehatan)",
        "frequency": "tahunan",
        "period_coverage": "2019–2024",
        "region_level": _KK,
        "source": (
            "Profil Kesehatan Provinsi Jawa Timur; Sistem Informasi Sumber Daya Manusia "
            "Kesehatan (SISDMK)"
        ),
        "release_schedule": "Juni setiap tahun (bersama Profil Kesehatan)",
        "priority": False,
        "bps_indicator_code": "",
        "kode_dssd": "DSSD-3500-KES-001",
    },
    "prevalensi-balita-stunting-per-kabkota": {
        "title": "Prevalensi Balita Stunting Menurut Kabupaten/Kota di Jawa Timur",
        "description": (
            "Jumlah balita yang diukur, jumlah balita stunting (pendek dan sangat pendek), "
            "dan prevalensi stunting di setiap kabupaten/kota berdasarkan hasil pengukuran "
            "serentak bulan timbang Agustus. Data ini mendukung pemantauan percepatan "
            "penurunan stunting."
        ),
        "sector": "kesehatan",
        "tags": ["kesehatan", "gizi", "stunting", "balita", "e-PPGBM"],
        "access_level": "terbuka",
        "concept": (
            "Stunting adalah kondisi gagal tumbuh pada anak berusia di bawah lima tahun "
            "akibat kekurangan gizi kronis dan infeksi berulang, terutama pada periode 1.000 "
            "Hari Pertama Kehidupan, sehingga tinggi badan anak berada di bawah standar "
            "menurut umurnya."
        ),
        "definition": (
            "Balita stunting adalah balita dengan nilai z-score tinggi badan atau panjang "
            "badan menurut umur (TB/U atau PB/U) kurang dari -2 standar deviasi terhadap "
            "standar pertumbuhan anak WHO. Prevalensi stunting adalah persentase balita "
            "stunting terhadap jumlah balita yang diukur."
        ),
        "classification": f"{_KAB_KOTA}; status gizi TB/U (pendek, sangat pendek)",
        "measure": "Jumlah; persentase",
        "unit": "Anak (balita); persen",
        "frequency": "tahunan",
        "period_coverage": "2019–2024",
        "region_level": _KK,
        "source": (
            "Aplikasi Elektronik Pencatatan dan Pelaporan Gizi Berbasis Masyarakat "
            "(e-PPGBM), hasil pengukuran bulan timbang Agustus; Dinas Kesehatan Provinsi "
            "Jawa Timur"
        ),
        "release_schedule": "Oktober setiap tahun",
        "priority": True,
        "bps_indicator_code": "",
        "kode_dssd": "DSSD-3500-KES-002",
    },
    "pdrb-adhb-adhk-per-kabkota": {
        "title": (
            "Produk Domestik Regional Bruto (PDRB) Atas Dasar Harga Berlaku dan Harga "
            "Konstan 2010 Menurut Kabupaten/Kota di Jawa Timur"
        ),
        "description": (
            "Nilai PDRB atas dasar harga berlaku (ADHB), PDRB atas dasar harga konstan 2010 "
            "(ADHK), dan laju pertumbuhan ekonomi setiap kabupaten/kota. Angka tahun terakhir "
            "merupakan angka sementara dan dapat direvisi."
        ),
        "sector": "ekonomi",
        "tags": ["ekonomi", "PDRB", "pertumbuhan ekonomi", "harga berlaku", "harga konstan"],
        "access_level": "terbuka",
        "concept": (
            "Produk Domestik Regional Bruto (PDRB) adalah jumlah nilai tambah bruto yang "
            "timbul dari seluruh lapangan usaha di suatu wilayah dalam periode tertentu. PDRB "
            "atas dasar harga berlaku dihitung menggunakan harga tahun berjalan, sedangkan "
            "PDRB atas dasar harga konstan dihitung menggunakan harga tahun dasar 2010."
        ),
        "definition": (
            "PDRB ADHB adalah nilai tambah bruto seluruh lapangan usaha menurut harga pada "
            "tahun berjalan. PDRB ADHK adalah nilai tambah bruto seluruh lapangan usaha "
            "menurut harga tahun 2010. Laju pertumbuhan ekonomi adalah persentase perubahan "
            "PDRB ADHK suatu tahun terhadap tahun sebelumnya."
        ),
        "classification": f"{_KAB_KOTA}; lapangan usaha (17 kategori KBLI, disajikan total)",
        "measure": "Nilai; persentase",
        "unit": "Juta rupiah; persen",
        "frequency": "tahunan",
        "period_coverage": "2019–2024",
        "region_level": _KK,
        "source": (
            "BPS Provinsi Jawa Timur, PDRB Kabupaten/Kota menurut Lapangan Usaha; diolah "
            "Badan Perencanaan Pembangunan Daerah Provinsi Jawa Timur"
        ),
        "release_schedule": "Agustus setiap tahun (angka sementara tahun sebelumnya)",
        "priority": True,
        "bps_indicator_code": "BPS-3500-PDRB",
        "kode_dssd": "DSSD-3500-EKO-001",
    },
    "nilai-ekspor-nonmigas-bulanan-per-kabkota": {
        "title": "Nilai dan Berat Ekspor Non-Migas Bulanan Menurut Kabupaten/Kota Asal Barang",
        "description": (
            "Nilai ekspor non-migas (FOB, dolar Amerika Serikat) dan berat bersih barang "
            "ekspor setiap bulan menurut kabupaten/kota asal barang di Jawa Timur, dihimpun "
            "dari Surat Keterangan Asal (SKA) yang diterbitkan."
        ),
        "sector": "perdagangan",
        "tags": ["perdagangan", "ekspor", "non-migas", "SKA", "bulanan"],
        "access_level": "terbuka",
        "concept": (
            "Ekspor adalah kegiatan mengeluarkan barang dari daerah pabean Indonesia. Ekspor "
            "non-migas mencakup seluruh komoditas selain minyak mentah, hasil minyak, dan gas "
            "(HS 2709–2711)."
        ),
        "definition": (
            "Nilai ekspor non-migas adalah nilai Free on Board (FOB) barang non-migas yang "
            "diekspor, dicatat menurut kabupaten/kota asal barang pada SKA, dalam dolar "
            "Amerika Serikat. Berat bersih adalah berat barang tanpa kemasan dalam kilogram."
        ),
        "classification": f"{_KAB_KOTA} asal barang; bulan (periode YYYY-MM)",
        "measure": "Nilai; berat",
        "unit": "US$; kilogram",
        "frequency": "bulanan",
        "period_coverage": "Januari 2023–Desember 2024",
        "region_level": _KK,
        "source": (
            "Surat Keterangan Asal (SKA) yang diterbitkan Dinas Perindustrian dan "
            "Perdagangan Provinsi Jawa Timur"
        ),
        "release_schedule": "Setiap bulan, paling lambat tanggal 15 bulan berikutnya",
        "priority": False,
        "bps_indicator_code": "",
        "kode_dssd": "DSSD-3500-DAG-001",
    },
    "jumlah-penduduk-menurut-jenis-kelamin-per-kabkota": {
        "title": "Jumlah Penduduk Menurut Jenis Kelamin dan Kabupaten/Kota di Jawa Timur",
        "description": (
            "Jumlah penduduk laki-laki dan perempuan serta rasio jenis kelamin di setiap "
            "kabupaten/kota berdasarkan data administrasi kependudukan, posisi semester II "
            "(31 Desember)."
        ),
        "sector": "kependudukan",
        "tags": ["kependudukan", "penduduk", "jenis kelamin", "Dukcapil", "DKB"],
        "access_level": "terbuka",
        "concept": (
            "Penduduk adalah Warga Negara Indonesia dan Orang Asing yang bertempat tinggal "
            "di Indonesia. Data kependudukan adalah data perseorangan dan/atau data agregat "
            "yang terstruktur sebagai hasil dari kegiatan pendaftaran penduduk dan "
            "pencatatan sipil."
        ),
        "definition": (
            "Jumlah penduduk adalah banyaknya penduduk yang tercatat dalam Data Kependudukan "
            "Bersih (DKB) Sistem Informasi Administrasi Kependudukan (SIAK) pada posisi 31 "
            "Desember, menurut jenis kelamin. Rasio jenis kelamin adalah banyaknya penduduk "
            "laki-laki per 100 penduduk perempuan."
        ),
        "classification": f"{_KAB_KOTA}; jenis kelamin (laki-laki, perempuan)",
        "measure": "Jumlah; rasio",
        "unit": "Jiwa",
        "frequency": "tahunan",
        "period_coverage": "2019–2024",
        "region_level": _KK,
        "source": (
            "Data Kependudukan Bersih (DKB) Semester II, Direktorat Jenderal Kependudukan "
            "dan Pencatatan Sipil Kementerian Dalam Negeri"
        ),
        "release_schedule": "Februari setiap tahun (DKB semester II tahun sebelumnya)",
        "priority": True,
        "bps_indicator_code": "",
        "kode_dssd": "DSSD-3500-DUK-001",
    },
    "jumlah-dan-persentase-penduduk-miskin-per-kabkota": {
        "title": "Jumlah dan Persentase Penduduk Miskin Menurut Kabupaten/Kota di Jawa Timur",
        "description": (
            "Jumlah penduduk miskin, persentase penduduk miskin, dan garis kemiskinan di "
            "setiap kabupaten/kota, keadaan Maret. Indikator ini menjadi acuan sasaran "
            "penanggulangan kemiskinan daerah."
        ),
        "sector": "sosial",
        "tags": ["sosial", "kemiskinan", "garis kemiskinan", "Susenas"],
        "access_level": "terbuka",
        "concept": (
            "Kemiskinan dipandang sebagai ketidakmampuan dari sisi ekonomi untuk memenuhi "
            "kebutuhan dasar makanan dan bukan makanan yang diukur dari sisi pengeluaran "
            "(pendekatan kebutuhan dasar)."
        ),
        "definition": (
            "Penduduk miskin adalah penduduk yang memiliki rata-rata pengeluaran per kapita "
            "per bulan di bawah garis kemiskinan. Persentase penduduk miskin adalah "
            "persentase penduduk miskin terhadap jumlah penduduk. Garis kemiskinan adalah "
            "nilai pengeluaran minimum kebutuhan makanan (setara 2.100 kilokalori per kapita "
            "per hari) dan kebutuhan dasar bukan makanan."
        ),
        "classification": _KAB_KOTA,
        "measure": "Jumlah; persentase; nilai",
        "unit": "Ribu jiwa; persen; rupiah/kapita/bulan",
        "frequency": "tahunan",
        "period_coverage": "2019–2024",
        "region_level": _KK,
        "source": "Survei Sosial Ekonomi Nasional (Susenas) Maret, BPS Provinsi Jawa Timur",
        "release_schedule": "Desember setiap tahun",
        "priority": True,
        "bps_indicator_code": "BPS-3500-KMSK",
        "kode_dssd": "DSSD-3500-SOS-001",
    },
    "tingkat-pengangguran-terbuka-per-kabkota": {
        "title": "Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota di Jawa Timur",
        "description": (
            "Jumlah angkatan kerja, jumlah pengangguran terbuka, dan Tingkat Pengangguran "
            "Terbuka (TPT) di setiap kabupaten/kota, keadaan Agustus."
        ),
        "sector": "ketenagakerjaan",
        "tags": ["ketenagakerjaan", "pengangguran", "TPT", "angkatan kerja", "Sakernas"],
        "access_level": "terbuka",
        "concept": (
            "Konsep ketenagakerjaan mengacu pada The Labour Force Concept yang disarankan "
            "Organisasi Perburuhan Internasional (ILO). Angkatan kerja adalah penduduk usia "
            "kerja (15 tahun ke atas) yang bekerja, punya pekerjaan namun sementara tidak "
            "bekerja, dan pengangguran."
        ),
        "definition": (
            "Pengangguran terbuka adalah angkatan kerja yang tidak bekerja dan sedang "
            "mencari pekerjaan, mempersiapkan usaha, merasa tidak mungkin mendapatkan "
            "pekerjaan, atau sudah diterima bekerja tetapi belum mulai bekerja. TPT adalah "
            "persentase jumlah pengangguran terhadap jumlah angkatan kerja."
        ),
        "classification": _KAB_KOTA,
        "measure": "Jumlah; persentase",
        "unit": "Orang; persen",
        "frequency": "tahunan",
        "period_coverage": "2019–2024",
        "region_level": _KK,
        "source": "Survei Angkatan Kerja Nasional (Sakernas) Agustus, BPS Provinsi Jawa Timur",
        "release_schedule": "November setiap tahun",
        "priority": False,
        "bps_indicator_code": "BPS-3500-TPT",
        "kode_dssd": "DSSD-3500-NAK-001",
    },
    "jumlah-kpm-bantuan-sosial-per-kabkota": {
        "title": (
            "Jumlah Keluarga Penerima Manfaat (KPM) Program Keluarga Harapan dan Program "
            "Sembako Menurut Kabupaten/Kota"
        ),
        "description": (
            "Jumlah keluarga penerima manfaat Program Keluarga Harapan (PKH) dan Program "
            "Sembako pada penyaluran terakhir setiap tahun di setiap kabupaten/kota. Akses "
            "dibatasi untuk perangkat daerah karena bersumber dari Data Terpadu "
            "Kesejahteraan Sosial (DTKS) yang masih dalam proses verifikasi dan validasi."
        ),
        "sector": "sosial",
        "tags": ["sosial", "bantuan sosial", "PKH", "Sembako", "DTKS"],
        "access_level": "terbatas",
        "concept": (
            "Bantuan sosial adalah bantuan berupa uang, barang, atau jasa kepada seseorang, "
            "keluarga, kelompok, atau masyarakat miskin, tidak mampu, dan/atau rentan "
            "terhadap risiko sosial. Keluarga Penerima Manfaat (KPM) adalah keluarga yang "
            "ditetapkan sebagai penerima bantuan sosial berdasarkan DTKS."
        ),
        "definition": (
            "Jumlah KPM PKH adalah banyaknya keluarga penerima bantuan sosial bersyarat "
            "Program Keluarga Harapan pada tahap penyaluran terakhir tahun berjalan. Jumlah "
            "KPM Program Sembako adalah banyaknya keluarga penerima bantuan pangan nontunai "
            "pada periode penyaluran terakhir tahun berjalan."
        ),
        "classification": f"{_KAB_KOTA}; jenis program (PKH, Sembako)",
        "measure": "Jumlah",
        "unit": "Keluarga",
        "frequency": "tahunan",
        "period_coverage": "2021–2024",
        "region_level": _KK,
        "source": (
            "Sistem Informasi Kesejahteraan Sosial Next Generation (SIKS-NG), Kementerian "
            "Sosial; diolah Dinas Sosial Provinsi Jawa Timur"
        ),
        "release_schedule": "Januari setiap tahun",
        "priority": False,
        "bps_indicator_code": "",
        "kode_dssd": "DSSD-3500-SOS-002",
    },
    "indikator-makro-pembangunan-jawa-timur": {
        "title": "Indikator Makro Pembangunan Provinsi Jawa Timur",
        "description": (
            "Ringkasan indikator makro pembangunan Provinsi Jawa Timur: jumlah penduduk, "
            "laju pertumbuhan ekonomi, tingkat pengangguran terbuka, persentase penduduk "
            "miskin, Indeks Pembangunan Manusia, dan rasio gini. Digunakan dalam penyusunan "
            "dan evaluasi RPJMD."
        ),
        "sector": "ekonomi",
        "tags": ["ekonomi", "indikator makro", "IPM", "rasio gini", "RPJMD"],
        "access_level": "terbuka",
        "concept": (
            "Indikator makro pembangunan adalah sekumpulan ukuran kinerja pembangunan daerah "
            "yang meliputi pertumbuhan ekonomi, ketenagakerjaan, kemiskinan, pembangunan "
            "manusia, dan ketimpangan pendapatan."
        ),
        "definition": (
            "Laju pertumbuhan ekonomi adalah persentase perubahan PDRB ADHK 2010 terhadap "
            "tahun sebelumnya. TPT adalah persentase pengangguran terhadap angkatan kerja. "
            "Persentase penduduk miskin adalah persentase penduduk dengan pengeluaran per "
            "kapita di bawah garis kemiskinan. IPM adalah indeks komposit dimensi umur "
            "panjang dan hidup sehat, pengetahuan, dan standar hidup layak. Rasio gini "
            "mengukur ketimpangan pengeluaran, bernilai 0 (merata sempurna) sampai 1 "
            "(timpang sempurna)."
        ),
        "classification": "Provinsi",
        "measure": "Jumlah; persentase; indeks; rasio",
        "unit": "Jiwa; persen; indeks (0–100); rasio (0–1)",
        "frequency": "tahunan",
        "period_coverage": "2019–2024",
        "region_level": "provinsi",
        "source": (
            "BPS Provinsi Jawa Timur; diolah Badan Perencanaan Pembangunan Daerah Provinsi "
            "Jawa Timur"
        ),
        "release_schedule": "Maret setiap tahun",
        "priority": True,
        "bps_indicator_code": "",
        "kode_dssd": "DSSD-3500-EKO-002",
    },
}
