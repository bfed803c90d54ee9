"""Reference code lists: Kemendagri kode wilayah for Jawa Timur (province 35)."""

from satudata.reference.index import RegionIndex, get_region_index
from satudata.reference.names import NameMatch
from satudata.reference.regions import Region

__all__ = ["NameMatch", "Region", "RegionIndex", "get_region_index"]
