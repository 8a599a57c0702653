-- Before-images for import rollback. An import writes rows with its own import id; when that
-- replaces a row written by another import (or by none), the old row is kept so a rollback can
-- restore it exactly. Rollback re-inserts activity and invitee rows (no UPDATE, so no trigger)
-- and restores affiliates in two steps through import_id = -1, which these triggers ignore.
CREATE TRIGGER `activity_before_image` BEFORE UPDATE ON `activity`
WHEN NEW.`import_id` > 0 AND NEW.`import_id` != OLD.`import_id` AND OLD.`import_id` != -1
BEGIN
  INSERT OR IGNORE INTO `import_activity_before` (
    `import_id`, `week_start`, `invitee_uid`, `affiliate_uid`, `country`, `spot_volume`, `futures_volume`, `options_volume`, `fiat_volume`, `earn_balance`,
    `web3_wallet_active`, `spot_commission`, `futures_commission`, `fees`, `prev_import_id`
  ) VALUES (
    NEW.`import_id`, OLD.`week_start`, OLD.`invitee_uid`, OLD.`affiliate_uid`, OLD.`country`, OLD.`spot_volume`, OLD.`futures_volume`, OLD.`options_volume`, OLD.`fiat_volume`, OLD.`earn_balance`,
    OLD.`web3_wallet_active`, OLD.`spot_commission`, OLD.`futures_commission`, OLD.`fees`, OLD.`import_id`
  );
END;
--> statement-breakpoint
CREATE TRIGGER `invitee_before_image` BEFORE UPDATE ON `invitees`
WHEN NEW.`import_id` > 0 AND NEW.`import_id` != OLD.`import_id` AND OLD.`import_id` != -1
BEGIN
  INSERT OR IGNORE INTO `import_invitee_before` (
    `import_id`, `uid`, `affiliate_uid`, `registered_at`, `referral_code`, `verified_at`, `first_deposit_at`,
    `first_trade_at`, `country`, `vip_level`, `commission_type`, `rebate_rate`, `latest_week`, `prev_import_id`
  ) VALUES (
    NEW.`import_id`, OLD.`uid`, OLD.`affiliate_uid`, OLD.`registered_at`, OLD.`referral_code`, OLD.`verified_at`, OLD.`first_deposit_at`,
    OLD.`first_trade_at`, OLD.`country`, OLD.`vip_level`, OLD.`commission_type`, OLD.`rebate_rate`, OLD.`latest_week`, OLD.`import_id`
  );
END;
--> statement-breakpoint
CREATE TRIGGER `affiliate_before_image` BEFORE UPDATE ON `affiliates`
WHEN NEW.`import_id` > 0 AND NEW.`import_id` IS NOT OLD.`import_id` AND OLD.`import_id` IS NOT -1
BEGIN
  INSERT OR IGNORE INTO `import_affiliate_before` (`import_id`, `uid`, `row`, `prev_import_id`)
  VALUES (
    NEW.`import_id`, OLD.`uid`,
    json_object(
      'name', OLD.`name`, 'type', OLD.`type`, 'country', OLD.`country`, 'language', OLD.`language`,
      'joined_at', OLD.`joined_at`, 'tier', OLD.`tier`, 'manager_id', OLD.`manager_id`, 'status', OLD.`status`,
      'tags', OLD.`tags`, 'email', OLD.`email`, 'telegram', OLD.`telegram`, 'website', OLD.`website`,
      'roster_manager_email', OLD.`roster_manager_email`, 'source', OLD.`source`, 'import_id', OLD.`import_id`,
      'updated_at', OLD.`updated_at`
    ),
    OLD.`import_id`
  );
END;
