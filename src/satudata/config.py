"""Settings: one validated object read from SATUDATA_* variables and an optional file."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("./satudata-data")


class Settings(BaseSettings):
    """Every setting of satudata, with its default; see docs/configuration.md."""

    model_config = SettingsConfigDict(
        env_prefix="SATUDATA_",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    data_dir: Path = Field(
        default=DEFAULT_DATA_DIR,
        description="Folder for the metadata database (SQLite), the lake and uploads.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the metadata database; default SQLite in data_dir. "
        "Example: postgresql+psycopg://satudata@db/satudata",
    )
    lake_dir: Path | None = Field(
        default=None, description="Folder of the Parquet lake; default data_dir/lake."
    )
    max_upload_mb: float = Field(
        default=1024.0, gt=0, description="Largest accepted upload, in MiB."
    )
    query_memory_limit: str = Field(
        default="1GB", description="DuckDB memory limit for ingest and queries."
    )
    query_threads: int = Field(default=2, ge=1, description="DuckDB worker threads.")
    row_group_size: int = Field(
        default=122_880, ge=1_024, description="Rows per Parquet row group of a version."
    )
    admin_token: str | None = Field(
        default=None,
        description="Bearer token that may write through the API until user accounts exist; "
        "unset means the API is read-only.",
    )
    max_page_size: int = Field(default=1000, ge=1, description="Largest page of rows via API.")
    smtp_host: str | None = Field(
        default=None,
        description="SMTP server for notification e-mails; unset means no e-mail is sent "
        "(the in-app inbox still works). Example: smtp.jatimprov.go.id",
    )
    smtp_port: int = Field(default=25, ge=1, le=65535, description="Port of the SMTP server.")
    smtp_from: str = Field(
        default="Satu Data Jatim <satudata@localhost>",
        description="Sender (From header) of notification e-mails.",
    )
    smtp_starttls: bool = Field(
        default=False, description="Upgrade the SMTP connection with STARTTLS before sending."
    )
    smtp_username: str | None = Field(
        default=None, description="User name for SMTP AUTH; unset means no login."
    )
    smtp_password: SecretStr | None = Field(
        default=None, description="Password for SMTP AUTH (with smtp_username)."
    )
    jobs_url: str | None = Field(
        default=None,
        description="Where background jobs wait: unset means a SQLite file in the data folder, "
        "run by threads of the web process; redis://host:6379/0 for separate workers "
        "(`satudata worker`); 'immediate' runs each job at once, in the caller (tests).",
    )
    job_workers: int = Field(
        default=1,
        ge=0,
        description="Job worker threads inside the web process (0: none; run `satudata worker`).",
    )
    staging_keep_hours: int = Field(
        default=72, ge=1,
        description="A file sent to the upload wizard and left there (checked, never uploaded) "
        "is removed after this many hours.",
    )  # fmt: skip
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Address where people reach the portal; links in e-mails start with it. "
        "Example: https://satudata.jatimprov.go.id",
    )
    compliance_remind_hour: int = Field(
        default=8, ge=0, le=23,
        description="Hour of the day (WIB) when the daily Daftar Data reminder job runs.",
    )  # fmt: skip
    compliance_due_soon_days: int = Field(
        default=14, ge=0, le=90,
        description="Remind an OPD of a period this many days before its due date (0: never).",
    )  # fmt: skip
    compliance_repeat_days: int = Field(
        default=7, ge=0, le=365,
        description="Remind again of a period still overdue every this many days (0: once).",
    )  # fmt: skip
    compliance_quiet_hours: str = Field(
        default="21-6", pattern=r"^$|^([01]?\d|2[0-3])-([01]?\d|2[0-3])$",
        description="Hours (WIB, from-to) when no reminder is sent, e.g. 21-6; empty: none.",
    )  # fmt: skip

    @cached_property
    def resolved_data_dir(self) -> Path:
        """Return the data directory as an absolute path."""
        return self.data_dir.expanduser().resolve()

    @property
    def resolved_database_url(self) -> str:
        """Return the database URL, defaulting to SQLite inside the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.resolved_data_dir / 'satudata.sqlite3'}"

    @property
    def resolved_lake_dir(self) -> Path:
        """Return the lake folder (versions and original files)."""
        return (self.lake_dir or self.resolved_data_dir / "lake").expanduser().resolve()

    @property
    def max_upload_bytes(self) -> int:
        """Return the upload size limit in bytes."""
        return int(self.max_upload_mb * 1024 * 1024)


def get_settings(**overrides: object) -> Settings:
    """Build settings from the environment and SATUDATA_CONFIG_FILE; overrides win.

    The file (KEY=value lines, as in .env) is read at each call, so a process that sets
    the variable after import still gets it; a named file that does not exist is an error.
    """
    clean = {k: v for k, v in overrides.items() if v is not None}
    config_file = os.environ.get("SATUDATA_CONFIG_FILE")
    if config_file and not Path(config_file).is_file():
        raise ConfigError(f"SATUDATA_CONFIG_FILE points to {config_file}, which is not a file.")
    return Settings(_env_file=config_file or None, **clean)  # type: ignore[arg-type, call-arg]


class ConfigError(RuntimeError):
    """The configuration cannot be read (a named config file is missing)."""
