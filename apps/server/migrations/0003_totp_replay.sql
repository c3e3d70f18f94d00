-- The last TOTP time step accepted per account: a code is good once, not for its whole window.
ALTER TABLE app_user ADD COLUMN totp_last_step bigint;
