import { Spin } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code drawn in the browser (no image service: the otpauth URI holds the secret). */
export function QrCode({ value, size = 180, alt }: { value: string; size?: number; alt: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(value, { width: size, margin: 1, errorCorrectionLevel: 'M' }).then(
      (url) => live && setSrc(url),
      () => live && setSrc(undefined),
    );
    return () => {
      live = false;
    };
  }, [value, size]);
  return src ? (
    <img src={src} width={size} height={size} alt={alt} data-testid="mfa-qr" className="gz-qr" />
  ) : (
    <div style={{ width: size, height: size, display: 'grid', placeItems: 'center' }}>
      <Spin />
    </div>
  );
}
