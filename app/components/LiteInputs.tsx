import { forwardRef, useId, type ChangeEvent, type ComponentPropsWithoutRef, type CSSProperties, type FocusEvent, type KeyboardEvent, type ReactNode } from "react";
import { rem } from "@mantine/core";
import { usePagination } from "@mantine/hooks";
import { theme } from "~/theme";
import { BORDER, cx, GAP_8, groupStyle } from "./mantine-markup";

/**
 * Mantine's NativeSelect and Checkbox (size xs) as plain markup: the same elements, classes and
 * CSS variables Mantine renders (test/unit/lite-markup.test.tsx compares the two, so a Mantine
 * upgrade that changes them fails there), without Mantine's per-component work on the server
 * (~0.5 ms for a NativeSelect, ~0.35 ms for a Checkbox; a Select with its combobox ~1.5 ms).
 * For the portfolio's filter bar, row checkboxes and sort headers; use Mantine everywhere else.
 */

export type LiteOption = string | { value: string; label: string };

const chevron =
  "M4.93179 5.43179C4.75605 5.60753 4.75605 5.89245 4.93179 6.06819C5.10753 6.24392 5.39245 6.24392 5.56819 6.06819L7.49999 4.13638L9.43179 6.06819C9.60753 6.24392 9.89245 6.24392 10.0682 6.06819C10.2439 5.89245 10.2439 5.60753 10.0682 5.43179L7.81819 3.18179C7.73379 3.0974 7.61933 3.04999 7.49999 3.04999C7.38064 3.04999 7.26618 3.0974 7.18179 3.18179L4.93179 5.43179ZM10.0682 9.56819C10.2439 9.39245 10.2439 9.10753 10.0682 8.93179C9.89245 8.75606 9.60753 8.75606 9.43179 8.93179L7.49999 10.8636L5.56819 8.93179C5.39245 8.75606 5.10753 8.75606 4.93179 8.93179C4.75605 9.10753 4.75605 9.39245 4.93179 9.56819L7.18179 11.8182C7.35753 11.9939 7.64245 11.9939 7.81819 11.8182L10.0682 9.56819Z";

const LABEL_STYLE = { "--input-label-size": "var(--mantine-font-size-xs)" } as CSSProperties;
const WRAPPER_STYLE = {
  "--input-height": "var(--input-height-xs)",
  "--input-fz": "var(--mantine-font-size-xs)",
  "--input-right-section-pointer-events": "none",
} as CSSProperties;
const CHEVRON_STYLE = { "--combobox-chevron-size": "var(--combobox-chevron-size-xs)" } as CSSProperties;

/**
 * A native select with Mantine's NativeSelect look (size xs). `placeholder` adds a first option
 * with the empty value (choosing it clears the filter: onChange(null)).
 */
export function LiteSelect({
  label,
  ariaLabel,
  value,
  data,
  placeholder,
  w,
  onChange,
  name,
  defaultValue,
  testId,
}: {
  label?: string;
  ariaLabel?: string;
  data: readonly LiteOption[];
  placeholder?: string;
  w?: number;
  testId?: string;
} & (
  | { value: string | null; onChange: (value: string | null) => void; name?: undefined; defaultValue?: undefined }
  /** A field of a form (uncontrolled): submitted under `name`. */
  | { name: string; defaultValue: string | null; value?: undefined; onChange?: undefined }
)) {
  const id = useId();
  return (
    <div style={w ? { width: rem(w) } : undefined} className="m_46b77525 mantine-InputWrapper-root mantine-NativeSelect-root" data-size="xs">
      {label ? (
        <label style={LABEL_STYLE} className="m_8fdc1311 mantine-InputWrapper-label mantine-NativeSelect-label" data-size="xs" htmlFor={id} id={`${id}-label`}>
          {label}
        </label>
      ) : null}
      <div style={WRAPPER_STYLE} className="m_6c018570 mantine-Input-wrapper mantine-NativeSelect-wrapper" data-variant="default" data-size="xs" data-pointer="true" data-with-right-section="true">
        <select
          className="m_8fb7ebe7 mantine-Input-input mantine-NativeSelect-input"
          data-variant="default"
          name={name}
          aria-label={ariaLabel}
          data-testid={testId}
          aria-invalid="false"
          id={id}
          {...(onChange ? { value: value ?? "", onChange: (e: ChangeEvent<HTMLSelectElement>) => onChange(e.currentTarget.value || null) } : { defaultValue: defaultValue ?? "" })}
        >
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {data.map((o) =>
            typeof o === "string" ? (
              <option key={o} value={o}>
                {o}
              </option>
            ) : (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ),
          )}
        </select>
        <div data-position="right" className="m_82577fc2 mantine-Input-section mantine-NativeSelect-section">
          <svg style={CHEVRON_STYLE} className="m_2943220b mantine-ComboboxChevron-chevron" data-size="xs" data-combobox-chevron="true" viewBox="0 0 15 15" fill="none" xmlns="http://www.w3.org/2000/svg">
            <path d={chevron} fill="currentColor" fillRule="evenodd" clipRule="evenodd" />
          </svg>
        </div>
      </div>
    </div>
  );
}

const TEXT_WRAPPER_STYLE = { "--input-height": "var(--input-height-xs)", "--input-fz": "var(--mantine-font-size-xs)" } as CSSProperties;

/** Mantine's TextInput (size xs, uncontrolled, with a label and an optional left section) as plain markup. */
export function LiteTextInput({
  label,
  placeholder,
  defaultValue,
  w,
  leftSection,
  onKeyDown,
  onBlur,
  testId,
}: {
  label: string;
  placeholder?: string;
  defaultValue: string;
  w?: number;
  leftSection?: ReactNode;
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void;
  onBlur?: (e: FocusEvent<HTMLInputElement>) => void;
  testId?: string;
}) {
  const id = useId();
  return (
    <div style={w ? { width: rem(w) } : undefined} className="m_46b77525 mantine-InputWrapper-root mantine-TextInput-root" data-size="xs">
      <label style={LABEL_STYLE} className="m_8fdc1311 mantine-InputWrapper-label mantine-TextInput-label" data-size="xs" htmlFor={id} id={`${id}-label`}>
        {label}
      </label>
      <div style={TEXT_WRAPPER_STYLE} className="m_6c018570 mantine-Input-wrapper mantine-TextInput-wrapper" data-variant="default" data-size="xs" data-with-left-section={leftSection ? true : undefined}>
        {leftSection ? (
          <div data-position="left" className="m_82577fc2 mantine-Input-section mantine-TextInput-section">
            {leftSection}
          </div>
        ) : null}
        <input
          className="m_8fb7ebe7 mantine-Input-input mantine-TextInput-input"
          data-variant="default"
          placeholder={placeholder}
          data-testid={testId}
          aria-invalid="false"
          id={id}
          defaultValue={defaultValue}
          onKeyDown={onKeyDown}
          onBlur={onBlur}
        />
      </div>
    </div>
  );
}

/**
 * A checkbox of Mantine's look (size xs) in one element: Mantine's input class (its border,
 * colours, checked state, focus ring) with the check mark drawn by CSS (`.lite-check` in
 * app/styles/app.css) instead of Mantine's five wrapping elements and SVG (~1 KB a row). For the
 * portfolio's row selection and its "select the page" box (`indeterminate`: some rows selected).
 */
export function LiteCheckbox({
  ariaLabel,
  checked,
  indeterminate = false,
  onChange,
  testId,
}: {
  ariaLabel: string;
  checked: boolean;
  indeterminate?: boolean;
  onChange: () => void;
  testId?: string;
}) {
  return (
    <input
      className="mantine-focus-auto m_26063560 lite-check"
      type="checkbox"
      aria-label={ariaLabel}
      aria-checked={indeterminate ? "mixed" : undefined}
      data-indeterminate={indeterminate || undefined}
      data-testid={testId}
      checked={checked}
      onChange={onChange}
    />
  );
}

/** Mantine's UnstyledButton (a button of type "button") as plain markup: the portfolio's sort headers. */
export function LiteButton({ ariaLabel, className, onClick, children }: { ariaLabel?: string; className?: string; onClick: () => void; children: ReactNode }) {
  return (
    <button className={cx("mantine-focus-auto", className, "m_87cf2631 mantine-UnstyledButton-root")} type="button" aria-label={ariaLabel} onClick={onClick}>
      {children}
    </button>
  );
}

const SMALL_BUTTON_FILLED = {
  "--button-height": "var(--button-height-xs)",
  "--button-padding-x": "var(--button-padding-x-xs)",
  "--button-fz": "var(--mantine-font-size-xs)",
  "--button-bg": `var(--mantine-color-${theme.primaryColor}-filled)`,
  "--button-hover": `var(--mantine-color-${theme.primaryColor}-filled-hover)`,
  "--button-color": "var(--mantine-color-white)",
  "--button-bd": `${BORDER} transparent`,
} as CSSProperties;
const SMALL_BUTTON_DEFAULT = {
  "--button-height": "var(--button-height-xs)",
  "--button-padding-x": "var(--button-padding-x-xs)",
  "--button-fz": "var(--mantine-font-size-xs)",
  "--button-bg": "var(--mantine-color-default)",
  "--button-hover": "var(--mantine-color-default-hover)",
  "--button-color": "var(--mantine-color-default-color)",
  "--button-bd": `${BORDER} var(--mantine-color-default-border)`,
} as CSSProperties;

/** The inside of a Mantine Button: its optional left section, then its label. */
function ButtonInner({ leftSection, children }: { leftSection?: ReactNode; children: ReactNode }) {
  return (
    <span className="m_80f1301b mantine-Button-inner">
      {leftSection ? (
        <span className="m_a74036a mantine-Button-section" data-position="left">
          {leftSection}
        </span>
      ) : null}
      <span className="m_811560b9 mantine-Button-label">{children}</span>
    </span>
  );
}

const SMALL_BUTTON_CLASS = "mantine-focus-auto mantine-active m_77c9d27d mantine-Button-root m_87cf2631 mantine-UnstyledButton-root";

/**
 * Mantine's Button of size xs, variant filled (the primary colour) or default, with an optional
 * left section: for the period picker's presets and the toolbar buttons on every page. Takes a
 * ref and passes other props on (for a Popover.Target or a Menu.Target wrapping it).
 */
export const SmallButton = forwardRef<
  HTMLButtonElement,
  { filled?: boolean; leftSection?: ReactNode; children: ReactNode } & Omit<ComponentPropsWithoutRef<"button">, "type" | "style">
>(function SmallButton({ filled = false, leftSection, children, className, ...rest }, ref) {
  // A Popover.Target or Menu.Target passes a className of its own (empty unless given): added to ours.
  return (
    <button
      ref={ref}
      style={filled ? SMALL_BUTTON_FILLED : SMALL_BUTTON_DEFAULT}
      className={cx(SMALL_BUTTON_CLASS, className)}
      data-variant={filled ? "filled" : "default"}
      data-size="xs"
      data-with-left-section={leftSection ? true : undefined}
      type="button"
      {...rest}
    >
      <ButtonInner leftSection={leftSection}>{children}</ButtonInner>
    </button>
  );
});

/** SmallButton as a plain link (Mantine's `<Button component="a" href=…>`, variant default): downloads. */
export function SmallLinkButton({ href, leftSection, children }: { href: string; leftSection?: ReactNode; children: ReactNode }) {
  return (
    <a style={SMALL_BUTTON_DEFAULT} className={SMALL_BUTTON_CLASS} data-variant="default" data-size="xs" data-with-left-section={leftSection ? true : undefined} href={href}>
      <ButtonInner leftSection={leftSection}>{children}</ButtonInner>
    </a>
  );
}

const PAGINATION_ROOT = { "--pagination-control-size": "var(--pagination-control-size-sm)", "--pagination-control-fz": "var(--mantine-font-size-sm)" } as CSSProperties;
const PAGINATION_GROUP = groupStyle(GAP_8);
const PAGINATION_ICON = { width: "calc(var(--pagination-control-size) / 1.8)", height: "calc(var(--pagination-control-size) / 1.8)" };
const CONTROL = "m_326d024a mantine-Pagination-control m_87cf2631 mantine-UnstyledButton-root";

function PaginationEdge({ next, disabled, onClick }: { next: boolean; disabled: boolean; onClick: () => void }) {
  return (
    <button
      className={cx("mantine-focus-auto", !disabled && "mantine-active", CONTROL)}
      data-disabled={disabled || undefined}
      type="button"
      disabled={disabled}
      onClick={onClick}
    >
      <svg viewBox="0 0 16 16" xmlns="http://www.w3.org/2000/svg" style={PAGINATION_ICON} className="mantine-rotate-rtl">
        <path d={next ? "M8.781 8l-3.3-3.3.943-.943L10.667 8l-4.243 4.243-.943-.943 3.3-3.3z" : "M7.219 8l3.3 3.3-.943.943L5.333 8l4.243-4.243.943.943-3.3 3.3z"} fill="currentColor" />
      </svg>
    </button>
  );
}

/**
 * Mantine's Pagination of size sm, as it renders (test/unit/lite-markup.test.tsx compares them),
 * without its per-render work: ten or so Mantine components per table.
 */
export function LitePagination({ total, value, onChange, testId }: { total: number; value: number; onChange: (page: number) => void; testId?: string }) {
  // Mantine's own page range (one sibling each side, one page at each end, "dots" between).
  const { range } = usePagination({ total, page: value, onChange });
  return (
    <div style={PAGINATION_ROOT} className="m_4addd315 mantine-Pagination-root" data-size="sm" data-testid={testId}>
      <div style={PAGINATION_GROUP} className="m_4081bf90 mantine-Group-root">
        <PaginationEdge next={false} disabled={value <= 1} onClick={() => onChange(value - 1)} />
        {range.map((page, i) =>
          page === "dots" ? (
            <div key={`dots${i}`} className="m_4ad7767d mantine-Pagination-dots">
              <svg viewBox="0 0 16 16" xmlns="http://www.w3.org/2000/svg" style={PAGINATION_ICON}>
                <path
                  d="M2 8c0-.733.6-1.333 1.333-1.333.734 0 1.334.6 1.334 1.333s-.6 1.333-1.334 1.333C2.6 9.333 2 8.733 2 8zm9.333 0c0-.733.6-1.333 1.334-1.333C13.4 6.667 14 7.267 14 8s-.6 1.333-1.333 1.333c-.734 0-1.334-.6-1.334-1.333zM6.667 8c0-.733.6-1.333 1.333-1.333s1.333.6 1.333 1.333S8.733 9.333 8 9.333 6.667 8.733 6.667 8z"
                  fill="currentColor"
                />
              </svg>
            </div>
          ) : (
            <button
              key={page}
              className={`mantine-focus-auto mantine-active ${CONTROL}`}
              data-active={page === value || undefined}
              data-with-padding="true"
              type="button"
              aria-current={page === value ? "page" : undefined}
              onClick={() => onChange(page)}
            >
              {page}
            </button>
          ),
        )}
        <PaginationEdge next disabled={value >= total} onClick={() => onChange(value + 1)} />
      </div>
    </div>
  );
}

const CHECK_ROOT = {
  "--checkbox-size": "var(--checkbox-size-xs)",
  "--checkbox-color": "var(--mantine-color-indigo-filled)",
  "--label-fz": "var(--mantine-font-size-xs)",
  "--label-lh": "var(--label-lh-xs)",
  marginBottom: "calc(0.375rem * var(--mantine-scale))",
} as CSSProperties;

/** Mantine's check mark (CheckIcon), drawn over the checked input. */
function CheckMark() {
  return (
    <svg viewBox="0 0 10 7" fill="none" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" className="m_bf295423 mantine-Checkbox-icon">
      <path
        d="M4 4.586L1.707 2.293A1 1 0 1 0 .293 3.707l3 3a.997.997 0 0 0 1.414 0l5-5A1 1 0 1 0 8.293.293L4 4.586z"
        fill="currentColor"
        fillRule="evenodd"
        clipRule="evenodd"
      />
    </svg>
  );
}

/** A filter bar's checkbox with its label (Checkbox size="xs" mb={6}, label on the right). */
export function LiteLabelledCheckbox({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <div style={CHECK_ROOT} className="m_bf2d988c mantine-Checkbox-root m_5f75b09e mantine-Checkbox-root" data-variant="filled" data-size="xs" data-label-position="right" data-checked={checked || undefined}>
      <div className="m_5f6e695e mantine-Checkbox-body">
        <div className="m_26062bec mantine-Checkbox-inner" data-label-position="right">
          <input className="mantine-focus-auto m_26063560 mantine-Checkbox-input" id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />
          <CheckMark />
        </div>
        <div className="m_d3ea56bb mantine-Checkbox-labelWrapper">
          <label className="m_8ee546b8 mantine-Checkbox-label" htmlFor={id}>
            {label}
          </label>
        </div>
      </div>
    </div>
  );
}
