import { BoldOutlined, ItalicOutlined, LinkOutlined, OrderedListOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip } from 'antd';
import { useEffect, useRef } from 'react';
import { useLang } from '../i18n';

/**
 * A light rich-text editor: a contentEditable area with bold / italic / heading / list / link
 * buttons (document.execCommand, which every browser still runs). The server sanitises what is
 * saved against its allow-list, so this only has to offer the allowed formats.
 */
export function RichEditor({ initial, onChange }: { initial: string; onChange: (html: string) => void }) {
  const { t } = useLang();
  const area = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (area.current) area.current.innerHTML = initial;
    // Only the first content: later renders must not reset the caret.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const run = (cmd: string, value?: string) => {
    area.current?.focus();
    document.execCommand(cmd, false, value);
    onChange(area.current?.innerHTML ?? '');
  };
  const tool = (label: string, icon: React.ReactNode, cmd: string, value?: string, testId?: string) => (
    <Tooltip title={label}>
      <Button size="small" icon={icon} aria-label={label} onMouseDown={(e) => e.preventDefault()} onClick={() => run(cmd, value)} data-testid={testId} />
    </Tooltip>
  );
  return (
    <div className="gz-rte">
      <Space size={4} className="gz-rte-bar" wrap>
        <Button size="small" onMouseDown={(e) => e.preventDefault()} onClick={() => run('formatBlock', '<h3>')}>
          {t('gov.guide.h3')}
        </Button>
        <Button size="small" onMouseDown={(e) => e.preventDefault()} onClick={() => run('formatBlock', '<p>')}>
          {t('gov.guide.paragraph')}
        </Button>
        {tool(t('gov.guide.bold'), <BoldOutlined />, 'bold', undefined, 'rte-bold')}
        {tool(t('gov.guide.italic'), <ItalicOutlined />, 'italic')}
        {tool(t('gov.guide.ul'), <UnorderedListOutlined />, 'insertUnorderedList')}
        {tool(t('gov.guide.ol'), <OrderedListOutlined />, 'insertOrderedList')}
        <Tooltip title={t('gov.guide.link')}>
          <Button
            size="small"
            icon={<LinkOutlined />}
            aria-label={t('gov.guide.link')}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              const url = window.prompt(t('gov.guide.linkPrompt'), 'https://');
              if (url && /^https?:\/\//.test(url)) run('createLink', url);
            }}
          />
        </Tooltip>
      </Space>
      <div
        ref={area}
        className="gz-rte-area gz-guide"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        data-testid="guide-editor"
        onInput={() => onChange(area.current?.innerHTML ?? '')}
      />
    </div>
  );
}
