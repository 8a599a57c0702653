import { Alert, Button, Checkbox, Group, Progress, SegmentedControl, Stack, Text } from "@mantine/core";
import { Dropzone } from "@mantine/dropzone";
import { useMounted } from "@mantine/hooks";
import { Form, useNavigate } from "@remix-run/react";
import { useState } from "react";
import { Icon } from "./Icon";

/**
 * Drag-and-drop upload with a progress bar (XMLHttpRequest reports upload progress; fetch does
 * not). Without JavaScript the same form posts as plain multipart.
 */
export function UploadImport({ maxBytes, maxLabel }: { maxBytes: number; maxLabel: string }) {
  const navigate = useNavigate();
  const [kind, setKind] = useState("auto");
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const hydrated = useMounted();

  function upload(file: File) {
    setError(null);
    if (file.size > maxBytes) {
      setError(`${file.name} is larger than the upload limit of ${maxLabel}.`);
      return;
    }
    const body = new FormData();
    body.set("file", file);
    body.set("kind", kind);
    if (skipInvalid) body.set("skipInvalid", "on");
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/imports/upload");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => e.lengthComputable && setSent(e.loaded / e.total);
    xhr.onload = () => {
      setSent(null);
      try {
        const reply = JSON.parse(xhr.responseText) as { id?: number; error?: string };
        if (xhr.status < 300 && reply.id) navigate(`/imports/${reply.id}`);
        else setError(reply.error ?? `The upload failed (${xhr.status}).`);
      } catch {
        setError(`The upload failed (${xhr.status}).`);
      }
    };
    xhr.onerror = () => {
      setSent(null);
      setError("The upload was interrupted. Check the connection and try again.");
    };
    setSent(0);
    xhr.send(body);
  }

  return (
    <Form method="post" encType="multipart/form-data" action="/imports/upload" reloadDocument>
      <Stack gap="sm">
        <Group gap="lg">
          <div>
            <Text size="sm" fw={500} mb={4}>
              Kind of file
            </Text>
            <SegmentedControl
              value={kind}
              onChange={setKind}
              data={[
                { value: "auto", label: "Recognise it" },
                { value: "referrals", label: "Referral activity" },
                { value: "affiliates", label: "Affiliate roster" },
              ]}
            />
            <input type="hidden" name="kind" value={kind} />
          </div>
          <Checkbox
            mt="lg"
            name="skipInvalid"
            label="Import the valid rows and keep the rejected ones"
            checked={skipInvalid}
            onChange={(e) => setSkipInvalid(e.currentTarget.checked)}
          />
        </Group>
        {hydrated ? (
          <Dropzone
            onDrop={(files) => files[0] && upload(files[0])}
            onReject={() => setError("Only one CSV file at a time.")}
            multiple={false}
            accept={{ "text/csv": [".csv"], "text/plain": [".csv", ".txt"], "application/vnd.ms-excel": [".csv"] }}
            loading={sent !== null}
            data-testid="import-dropzone"
          >
            <Group justify="center" gap="lg" mih={110} style={{ pointerEvents: "none" }}>
              <Icon name="upload" size={40} stroke={1.4} />
              <div>
                <Text size="lg" inline>
                  Drag the weekly CSV here, or click to choose it
                </Text>
                <Text size="sm" c="dimmed" inline mt={7} display="block">
                  Referral activity or the affiliate roster, up to {maxLabel}. It is validated before anything is written.
                </Text>
              </div>
            </Group>
          </Dropzone>
        ) : (
          <Group>
            <input type="file" name="file" accept=".csv,text/csv" required aria-label="CSV file" />
            <Button type="submit" leftSection={<Icon name="upload" size={16} />}>
              Upload and validate
            </Button>
          </Group>
        )}
        {sent !== null ? (
          <div>
            <Text size="sm" mb={4}>
              Uploading… {Math.round(sent * 100)}%
            </Text>
            <Progress value={sent * 100} animated />
          </div>
        ) : null}
        {error ? (
          <Alert color="red" variant="light" role="alert" data-testid="upload-error">
            {error}
          </Alert>
        ) : null}
      </Stack>
    </Form>
  );
}
